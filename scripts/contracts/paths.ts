/** Where each published file lives under contracts/. */
export function schemaPath(type: string, version: number): string {
  return `schemas/${type}/v${version}.schema.json`;
}

export function examplePath(type: string, version: number): string {
  return `examples/${type}/v${version}.example.json`;
}

export function codeListPath(name: string, version: number): string {
  return `code-lists/${name}.v${version}.json`;
}

export const ASYNCAPI_PATH = 'asyncapi.yaml';
export const CATALOGUE_PATH = 'CATALOGUE.md';
