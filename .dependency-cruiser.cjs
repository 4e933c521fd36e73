// Tocsin's layers, checked on every `npm test` (`npm run lint:deps`). The picture and the reasons are
// in docs/ARCHITECTURE.md ("Layers and what may import what"); keep the two in step.
//
//   kernel   src/{errors,clock,ids,config,context,executor,hooks,time-zone,outbound,worker-loop}.ts  only the kernel
//   store    src/store/**                                               kernel, store
//   engine   src/engine/**                                              kernel, store, engine
//   http     src/http/**                                                kernel, store, http
//   modules  every other folder under src/ (accounts, incidents, …)     all of the above, other modules
//                                                                       only through their index.ts
//   root     src/{app,routes,reactions,cli}.ts                          anything, modules through index.ts
//
// A new folder under src/ is a domain module by default: nothing here names the modules.
// Test code (*.test.ts, src/testing/, a module's test-fixtures.ts) may reach internals; nothing else
// may import test code.

// Paths end in .[jt]s: scripts/lint-deps.mjs cruises a .js mirror of src/ (see there why).
const KERNEL = '^src/(errors|clock|ids|config|context|executor|hooks|time-zone|outbound|worker-loop)\\.[jt]s$';
const ROOT = '^src/(app|routes|reactions|cli|announce)\\.[jt]s$';
// A folder under src/ that is not infrastructure: a domain module (group 1 is its name).
const MODULE_FILE = '^src/(?!(?:store|engine|http|testing)/)([^/]+)/';
const TEST_CODE = ['\\.test\\.[jt]s$', '^src/testing/', '^src/[^/]+/test-fixtures\\.[jt]s$'];
// The http/ helpers a module's routes may use; server.ts (the Fastify instance) is the root's.
const HTTP_HELPERS = '^src/http/(auth|errors|json-depth|nul|pagination|rate-limit|schemas|urls)\\.[jt]s$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Dependencies point one way. A cycle (even through type-only imports) means two modules are one, or a hook/port is missing.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-imports-only-kernel',
      severity: 'error',
      comment: 'The kernel (errors, clock, ids, config, context, hooks, time zones) is what every layer stands on; it imports nothing of ours above it.',
      from: { path: KERNEL, pathNot: TEST_CODE },
      to: { path: '^src/', pathNot: KERNEL },
    },
    {
      name: 'store-imports-no-module',
      severity: 'error',
      comment: 'src/store/ is the shared database plumbing: it knows the kernel and itself, not modules, the engine or HTTP.',
      from: { path: '^src/store/', pathNot: TEST_CODE },
      to: { path: '^src/', pathNot: [KERNEL, '^src/store/'] },
    },
    {
      name: 'engine-knows-no-module',
      severity: 'error',
      comment: 'The timer engine owns the timers table and the loop; modules register their handlers by kind in the composition root.',
      from: { path: '^src/engine/', pathNot: TEST_CODE },
      to: { path: '^src/', pathNot: [KERNEL, '^src/store/', '^src/engine/'] },
    },
    {
      name: 'http-knows-no-module',
      severity: 'error',
      comment: 'src/http/ is Fastify plumbing shared by all routes; what it needs from a module (the actor) it defines as an interface the module satisfies.',
      from: { path: '^src/http/', pathNot: TEST_CODE },
      to: { path: '^src/', pathNot: [KERNEL, '^src/store/', '^src/http/'] },
    },
    {
      name: 'modules-use-http-helpers-only',
      severity: 'error',
      comment: `A module's routes may use the shared http/ helpers (${HTTP_HELPERS}); the rest of http/ (server.ts) is the composition root's.`,
      from: { path: MODULE_FILE, pathNot: TEST_CODE },
      to: { path: '^src/http/', pathNot: HTTP_HELPERS },
    },
    {
      name: 'no-deep-imports',
      severity: 'error',
      comment: "Another module (or the engine) is used only through its index.ts, never its files: the index is the module's public surface.",
      from: { path: '^src/([^/]+)/', pathNot: TEST_CODE },
      to: {
        path: '^src/(?!(?:store|http|testing)/)[^/]+/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.[jt]s$'],
      },
    },
    {
      name: 'root-uses-module-index',
      severity: 'error',
      comment: "The composition root builds each module from its index.ts and mounts its endpoints from its routes.ts (the module's HTTP surface, which only the root imports, so that index.ts stays free of Fastify and of the cycles route code brings).",
      from: { path: '^src/[^/]+\\.[jt]s$', pathNot: TEST_CODE },
      to: { path: '^src/(?!(?:store|http|testing)/)[^/]+/', pathNot: '^src/[^/]+/(index|routes)\\.[jt]s$' },
    },
    {
      name: 'nothing-imports-the-root',
      severity: 'error',
      comment: 'app.ts, routes.ts, reactions.ts and cli.ts compose everything; only the root itself and test code import them.',
      from: { pathNot: [ROOT, ...TEST_CODE] },
      to: { path: ROOT },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'Production code never imports tests, test fixtures or src/testing/.',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration takes Kysely<any> and imports nothing of ours, so a later change to the code cannot change what it did.',
      from: { path: '^src/store/migrations/' },
      to: { path: '^src/', pathNot: '^src/store/migrations/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a module boundary is crossed by its types as much as by its values.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
