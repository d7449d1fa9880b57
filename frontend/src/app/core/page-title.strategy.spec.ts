import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, TitleStrategy } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { PageTitleStrategy } from './page-title.strategy';

@Component({ template: '' })
class PageComponent {}

describe(PageTitleStrategy.name, () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', title: 'Sign in', component: PageComponent },
          { path: 'untitled', component: PageComponent },
        ]),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
  });

  it('names the page, then the product', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/sign-in');
    expect(TestBed.inject(Title).getTitle()).toBe('Sign in · Stride');
  });

  it('falls back to the product name', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/sign-in');
    await harness.navigateByUrl('/untitled');
    expect(TestBed.inject(Title).getTitle()).toBe('Stride');
  });
});
