/**
 * The import direction of DESIGN.md, checked by test/architecture.test.ts:
 *   grammar/<lang> → common;  front ends (src/<model>) → grammar, algebra, common;
 *   optimizer → algebra; executor → algebra + storage; engine → everything; storage → common.
 * Front ends never import each other; only the engine (and the CLI/bench on top of it) import front ends.
 */
const FRONT_ENDS = 'src/(relational|document|graph|triples|datalog)/';
const CORE_TYPES = '^src/storage/(relations|kv)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'grammar-is-leaf',
      comment: 'A grammar only parses: it may use common/ (errors) and its own files.',
      severity: 'error',
      from: { path: '^grammar/([^/]+)/' },
      to: { path: '^(src/(?!common/)|grammar/(?!$1/))', pathNot: '^grammar/$1/' },
    },
    {
      name: 'front-end-to-algebra-only',
      comment: 'Front ends lower to the algebra; they never plan, execute or touch storage directly.',
      severity: 'error',
      from: { path: `^${FRONT_ENDS}` },
      to: { path: '^src/(optimizer|executor|engine|cli)/' },
    },
    {
      name: 'front-end-no-storage',
      comment: 'Front ends see the catalog only through the algebra’s re-exported types.',
      severity: 'error',
      from: { path: `^${FRONT_ENDS}` },
      to: { path: '^src/storage/' },
    },
    {
      name: 'front-ends-independent',
      comment: 'A front end never imports another front end (or another language’s grammar).',
      severity: 'error',
      from: { path: '^src/(relational|document|graph|triples|datalog)/' },
      to: { path: '^src/(relational|document|graph|triples|datalog)/', pathNot: '^src/$1/' },
    },
    {
      name: 'algebra-is-core',
      comment: 'The algebra depends on nothing above it (only storage’s catalog types).',
      severity: 'error',
      from: { path: '^src/algebra/' },
      to: { path: '^(src/(optimizer|executor|engine|cli|relational|document|graph|triples|datalog)/|grammar/|src/storage/)', pathNot: CORE_TYPES },
    },
    {
      name: 'optimizer-scope',
      comment: 'The optimizer reads the algebra and storage statistics types, never the executor or a front end.',
      severity: 'error',
      from: { path: '^src/optimizer/' },
      to: { path: '^(src/(executor|engine|cli|relational|document|graph|triples|datalog)/|grammar/|src/storage/)', pathNot: CORE_TYPES },
    },
    {
      name: 'executor-scope',
      comment: 'The executor runs physical plans over storage; it never plans or parses.',
      severity: 'error',
      from: { path: '^src/executor/' },
      to: { path: '^(src/(optimizer|engine|cli|relational|document|graph|triples|datalog)/|grammar/)' },
    },
    {
      name: 'storage-is-bottom',
      comment: 'Storage depends only on common/.',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^(src/(?!storage/|common/)|grammar/)' },
    },
    {
      name: 'engine-only-from-top',
      comment: 'Only the public index, the CLI and the benchmarks import the engine.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(engine|cli)/|^src/index\\.ts$' },
      to: { path: '^src/engine/' },
    },
    {
      name: 'no-circular-between-layers',
      comment: 'Mutual recursion inside one module (a lowering, an operator set) is fine; a cycle between layers is not.',
      severity: 'error',
      from: { path: '^(src|grammar)/([^/]+)/' },
      to: { circular: true, pathNot: '^$1/$2/', viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
