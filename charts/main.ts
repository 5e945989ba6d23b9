/**
 * The app entry: one MongoAppChart per environment. `shipshape synth` (npm run synth) writes it to dist/;
 * run directly (`cdk8s synth`), it synthesizes through shipshape's pipeline too.
 *
 * `SHIPSHAPE_RESTORE=<environment>:<dump>` (e.g. `prod:latest`) adds a restore Job to that one environment
 * (see the restore drill in the README); it is never committed to dist/.
 */
import { App, Environment, ShipshapeError } from '../src';
import { ENVIRONMENTS } from './environments';
import { MongoAppChart } from './mongo-app';

/** The variable that asks for a restore. */
export const RESTORE_VARIABLE = 'SHIPSHAPE_RESTORE';

/** Builds the app with every environment; `env` is where the restore request is read from. */
export function buildApp(env: NodeJS.ProcessEnv = process.env): App {
  const restore = restoreRequest(env[RESTORE_VARIABLE]);
  const app = new App();
  for (const settings of ENVIRONMENTS) {
    const environment = new Environment(app, settings.name);
    new MongoAppChart(environment, 'mongo', { settings, restore: restore?.environment === settings.name ? restore.dump : undefined });
  }
  return app;
}

/** Reads `<environment>:<dump>`; the environment is named so that a restore never reaches the wrong one. */
function restoreRequest(value: string | undefined): { environment: string; dump: string } | undefined {
  if (value === undefined || value === '') return undefined;
  const [environment = '', dump = ''] = value.split(/:(.*)/s);
  const names = ENVIRONMENTS.map((settings) => settings.name);
  if (!names.includes(environment) || dump === '') {
    throw new ShipshapeError(
      `${RESTORE_VARIABLE}: must be <environment>:<dump> with an environment of ${names.join(', ')}, got ${JSON.stringify(value)}. Write e.g. ${RESTORE_VARIABLE}=prod:latest.`,
    );
  }
  return { environment, dump };
}
