import type { Routes } from '@angular/router';

// Placeholder so the console builds while this feature is written; replaced by its routes.
const routes: Routes = [];
export default routes;
