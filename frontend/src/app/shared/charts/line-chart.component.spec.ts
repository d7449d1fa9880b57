import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';

import {
  type LineBandPoint,
  type LineGuide,
  type LinePoint,
  StrideLineChartComponent,
} from './line-chart.component';

@Component({
  imports: [StrideLineChartComponent],
  template: `
    <stride-line-chart
      [view]="[400, 300]"
      [results]="results"
      [guides]="guides"
      [band]="band"
      [markerLabel]="label"
      [xScaleMin]="1"
      [xScaleMax]="4"
      [yScaleMax]="10"
      [animations]="false"
    />
  `,
})
class HostComponent {
  results = [
    {
      name: 'Signed',
      series: [
        { name: 1, value: 7, extra: { kind: 'signed' } },
        { name: 2, value: 5, extra: { kind: 'signed', flagged: true, flagLabel: '+25%' } },
      ],
    },
    {
      name: 'Draft (provisional)',
      extra: { kind: 'draft' },
      series: [
        { name: 2, value: 5, extra: { kind: 'signed', connector: true } },
        { name: 3, value: 3, extra: { kind: 'draft' } },
      ],
    },
  ];
  guides: LineGuide[] = [
    { kind: 'baseline', value: 7, label: 'Baseline 7' },
    { kind: 'mcid', value: 5, label: 'MCID 5' },
  ];
  band: LineBandPoint[] = [
    { x: 1, low: 6, high: 8 },
    { x: 4, low: 1, high: 3 },
  ];
  label = (point: LinePoint) => `v ${point.value}`;
}

describe(StrideLineChartComponent.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideNoopAnimations()] }));

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const texts = (page: HTMLElement, selector: string) =>
    Array.from(page.querySelectorAll(selector), (e) => e.textContent?.trim());

  it('marks every point but the connector: filled when signed, hollow when draft, a triangle when flagged', async () => {
    const page = await render();
    expect(page.querySelectorAll('circle.stride-marker')).toHaveLength(2);
    expect(page.querySelectorAll('circle.stride-marker.stride-marker-draft')).toHaveLength(1);
    expect(page.querySelectorAll('path.stride-marker-flag')).toHaveLength(1);
  });

  it('labels a flagged point with its flag and the others with markerLabel', async () => {
    const page = await render();
    expect(texts(page, '.stride-flag-label')).toEqual(['+25%']);
    expect(texts(page, '.stride-marker-label')).toEqual(['v 7', 'v 3']);
  });

  it('draws the guides with their labels and the band with its edges; a draft series dashed', async () => {
    const page = await render();
    expect(texts(page, '.stride-guide text')).toEqual(['Baseline 7', 'MCID 5']);
    expect(page.querySelector('.stride-guide-mcid')).not.toBeNull();
    expect(page.querySelector('path.stride-band')?.getAttribute('d')).toMatch(/^M .* Z$/);
    expect(page.querySelectorAll('path.stride-band-edge')).toHaveLength(2);
    expect(page.querySelectorAll('.stride-provisional')).toHaveLength(1);
  });
});
