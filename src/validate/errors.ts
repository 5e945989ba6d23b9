/** Errors that the validation layer throws for wrong use of its API (problems in manifests are reported, not thrown). */
import { ShipshapeError } from '../errors';

/** Options passed to `validateManifests` that cannot be honoured, e.g. a disabled check without a reason. */
export class ValidateOptionsError extends ShipshapeError {}

/** An annotation value that cannot be built, e.g. an external reference without a kind. */
export class AnnotationValueError extends ShipshapeError {}

/** A schema package or generated schema file that cannot be loaded (a broken or partial install). */
export class SchemaLoadError extends ShipshapeError {}
