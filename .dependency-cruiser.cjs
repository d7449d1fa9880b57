/**
 * Import rules of the Stride repository (run by `npm run lint:deps`, part of `npm run lint`).
 * Infrastructure (common/, config/, database/) imports no domain; the console imports nothing
 * from the API's folder; shared libraries import no app; production code imports no tool or
 * test; and no module imports itself round a cycle.
 */
/** Folders of backend/src that are infrastructure, not a domain. */
const INFRA = '(common|config|database)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle of imports: one of its modules should not know the other.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'infrastructure-imports-no-domain',
      comment: `backend/src/${INFRA} may import one another, never a domain folder (or access/, setup/).`,
      severity: 'error',
      from: { path: `^backend/src/${INFRA}/` },
      to: { path: '^backend/src/', pathNot: `^backend/src/${INFRA}/` },
    },
    {
      name: 'common-below-database',
      comment: 'common/ is the bottom layer: database/ builds on it, never the other way round.',
      severity: 'error',
      from: { path: '^backend/src/common/' },
      to: { path: '^backend/src/database/' },
    },
    {
      name: 'users-below-auth',
      comment: 'Sign-in (auth/) builds on accounts (users/), never the other way round.',
      severity: 'error',
      from: { path: '^backend/src/users/' },
      to: { path: '^backend/src/auth/' },
    },
    {
      name: 'console-imports-no-backend',
      comment: 'The console reaches the API over HTTP; shared code lives in libs/.',
      severity: 'error',
      from: { path: '^frontend/' },
      to: { path: '^backend/' },
    },
    {
      name: 'libs-import-no-app',
      comment: 'A library of libs/ serves the apps; it imports none of them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(backend|frontend)/' },
    },
    {
      name: 'production-imports-no-tools-or-tests',
      comment: 'The production build (backend/src) holds no benchmark, fault script or test helper.',
      severity: 'error',
      from: { path: '^backend/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^backend/(tools|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // What is cruised: the API (with its tools and tests), the console, the shared libraries.
    includeOnly: '^(backend/(src|tools|test)|frontend/(src|e2e)|libs)/',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|dist-tools|out-tsc|node_modules|\\.angular)/' },
    tsPreCompilationDeps: true,
    // The console's path aliases (`@stride/...`); the backend needs none.
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
