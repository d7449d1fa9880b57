/**
 * The role the API connects as: owns no table, is not superuser, cannot bypass row-level
 * security. Created by the row-level security migration, which imports this name.
 */
export const APP_ROLE = 'stride_app';
