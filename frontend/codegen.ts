import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The schema the client is typed against. The backend exports its own schema.graphql (a superset of
 * the public contract); until it exists we generate from the contract. Switch here, in one line.
 */
export const SCHEMA = "../schema.graphql";

/** `codegen:check` regenerates into a temporary folder and diffs it with src/gql. */
const out = process.env.CODEGEN_OUT ?? "./src/gql/";

const config: CodegenConfig = {
  schema: SCHEMA,
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        strictScalars: true,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: "string",
          JSON: "unknown",
          Upload: "File | Blob",
        },
      },
    },
  },
};

export default config;
