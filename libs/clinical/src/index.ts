/**
 * `@stride/clinical`: the pure clinical rules, one module each, run alike by the API (Node) and
 * the console (browser). Nothing here reads the machine's time zone, a database or the network;
 * only `todayIn` reads the clock, when it is not given one.
 */
export * from './dates.js';
export * from './eight-minute-rule.js';
export * from './episode-summary.js';
export * from './instruments.js';
export * from './off-track.js';
export * from './outcome-math.js';
export * from './running-load.js';
export * from './visit-order.js';
