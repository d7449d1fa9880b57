// The clinic's time zone is read by several domains; its SQL lives in clinics.repository.ts.
export { clinicTimeZone } from './clinics.repository.js';
