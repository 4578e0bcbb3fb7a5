// ESLint runs in `npm test` (after tsc, before vitest). Type checking is tsc's job, so the
// typescript-eslint rules here are the syntactic `recommended` set, not the type-checked one:
// it lints the whole repository in seconds instead of building a TypeScript program per file.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.fw-data/**'] },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc already reports unused locals and parameters (noUnusedLocals, noUnusedParameters);
      // a second report of the same thing only adds noise.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // Migrations take Kysely<any> on purpose (Kysely's own advice): a migration runs against
    // the schema as it was at its point in history, not against today's table types.
    files: ['src/storage/migration.ts', 'src/*/storage/[0-9][0-9][0-9]-*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // HTTP tests read untyped JSON answers field by field (`body.run.info.run_id`); typing
    // each answer would restate the contract the test is checking.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // A missing dependency is a stale-closure bug, so it fails the build; each
      // `eslint-disable-next-line react-hooks/exhaustive-deps` left in web/src says why.
      'react-hooks/exhaustive-deps': 'error',
      // These rules check that a component can be memoized by the React Compiler, which
      // this UI does not use. What they flag here is correct without it: a ref read during
      // render to hand callbacks the latest props (use-async, use-poll, the runs table),
      // state reset in an effect when a key changes, Date.now() for "3 min ago" labels, and
      // TanStack Virtual's non-memoizable API. Turning them on means adopting the compiler.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/incompatible-library': 'off',
    },
  },
);
