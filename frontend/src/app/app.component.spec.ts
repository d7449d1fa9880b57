import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { AppComponent } from './app.component';

@Component({ template: '<main id="main" tabindex="-1"><h1>Page</h1></main>' })
class PageComponent {}

describe(AppComponent.name, () => {
  it('offers a skip link first that moves focus to the main content', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', component: PageComponent }])],
    });
    const fixture = TestBed.createComponent(AppComponent);
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await TestBed.inject(Router).navigateByUrl('/');
    await fixture.whenStable();

    const skipLink = (fixture.nativeElement as HTMLElement).querySelector<HTMLAnchorElement>('a')!;
    expect(skipLink.textContent).toBe('Skip to main content');

    skipLink.click();
    expect(document.activeElement?.id).toBe('main');
    (fixture.nativeElement as HTMLElement).remove();
  });
});
