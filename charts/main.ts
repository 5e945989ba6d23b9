/**
 * The app entry: one MongoAppChart per environment. `shipshape synth` (npm run synth) writes it to dist/;
 * run directly (`cdk8s synth`), it synthesizes through shipshape's pipeline too.
 */
import { App, Environment } from '../src';
import { ENVIRONMENTS } from './environments';
import { MongoAppChart } from './mongo-app';

/** Builds the app with every environment. */
export function buildApp(): App {
  const app = new App();
  for (const settings of ENVIRONMENTS) {
    const environment = new Environment(app, settings.name);
    new MongoAppChart(environment, 'mongo', { settings });
  }
  return app;
}
