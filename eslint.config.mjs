// Lint for the server, tests, benches and scripts (run by the test command with tsc).
// typescript-eslint's recommended rules, plus the type-aware rules that catch real bugs
// (a promise nobody awaits, a promise passed where a callback's result is ignored).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Comments name the domain (special-equipment licensing), not the ticket that asked for it ("issue 7"). */
const noTicketComments = {
  meta: { type: 'suggestion', messages: { ticket: 'Name the domain, not the ticket ("{{text}}")' }, schema: [] },
  create(context) {
    return {
      Program() {
        for (const c of context.sourceCode.getAllComments()) {
          const m = /\b(?:issue|ticket)\s*#?\d+/i.exec(c.value);
          if (m) context.report({ loc: c.loc, messageId: 'ticket', data: { text: m[0] } });
        }
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.cache/**', 'engine/target/**', 'web/**', 'coverage/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises only: knex query builders are thenables built up by calls whose result is dropped (q.where(…)).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'no-constant-binary-expression': 'error',
      'no-self-compare': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Sanitising names, headers and file names matches control characters on purpose.
      'no-control-regex': 'off',
      // tsc already reports unused locals and parameters (noUnusedLocals / noUnusedParameters).
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    plugins: { permitflow: { rules: { 'no-ticket-comments': noTicketComments } } },
    rules: { 'permitflow/no-ticket-comments': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
