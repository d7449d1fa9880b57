// Passwords are account data (users/passwords.ts); the sign-in DTOs read their limits here.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/passwords.js';
