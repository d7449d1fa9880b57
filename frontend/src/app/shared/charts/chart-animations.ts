/** Animations are decoration: none for people who ask for less motion. */
export function chartAnimations(): boolean {
  return typeof matchMedia !== 'function' || !matchMedia('(prefers-reduced-motion: reduce)').matches;
}
