// The roles are part of the access model every request carries (common/request-context.ts).
export { ROLES, type Role } from '../common/roles.js';
