/** Version written into every model this release fits; `parseModel` accepts this version. */
export const MODEL_VERSION = 1;
