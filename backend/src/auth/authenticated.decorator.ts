// The authenticated-request pipeline is infrastructure (access/); this path stays for the
// domain controllers that import it from here.
export * from '../access/authenticated.decorator.js';
