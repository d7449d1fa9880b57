import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ChartCardComponent } from './chart-card.component';

@Component({
  imports: [ChartCardComponent],
  template: `
    <stride-chart-card
      heading="Pain by week"
      [level]="level()"
      [role]="role()"
      titleId="pain-title"
      summary="Mean pain fell."
      [plotted]="plotted()"
      [plotHeight]="300"
      [loading]="loading()"
      [error]="error()"
    >
      <span strideChartPlot class="graphic">graphic</span>
      <p class="table">the values</p>
    </stride-chart-card>
  `,
})
class HostComponent {
  readonly level = signal<2 | 4>(2);
  readonly role = signal<'figure' | 'region'>('figure');
  readonly plotted = signal(true);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
}

describe(ChartCardComponent.name, () => {
  async function render(change: (host: HostComponent) => void = () => undefined) {
    const fixture = TestBed.createComponent(HostComponent);
    change(fixture.componentInstance);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('is a figure named by its heading, with the summary, the graphic (hidden from assistive technology) and the rest', async () => {
    const page = await render();
    const card = page.querySelector('stride-chart-card')!;
    expect(card.getAttribute('role')).toBe('figure');
    expect(card.getAttribute('aria-labelledby')).toBe('pain-title');
    expect(card.querySelector('h2#pain-title')?.textContent?.trim()).toBe('Pain by week');
    expect(card.querySelector('.summary')?.textContent?.trim()).toBe('Mean pain fell.');
    const plot = card.querySelector<HTMLElement>('.plot')!;
    expect(plot.getAttribute('aria-hidden')).toBe('true');
    expect(plot.style.height).toBe('300px');
    expect(plot.querySelector('.graphic')).not.toBeNull();
    expect(card.querySelector('.table')?.textContent).toBe('the values');
  });

  it('takes a level-4 heading and the region role', async () => {
    const page = await render((host) => {
      host.level.set(4);
      host.role.set('region');
    });
    expect(page.querySelector('stride-chart-card')!.getAttribute('role')).toBe('region');
    expect(page.querySelector('h4#pain-title')).not.toBeNull();
    expect(page.querySelector('h2')).toBeNull();
  });

  it('draws no box when there is nothing to plot, and keeps the summary', async () => {
    const page = await render((host) => host.plotted.set(false));
    expect(page.querySelector('.plot')).toBeNull();
    expect(page.querySelector('.summary')?.textContent?.trim()).toBe('Mean pain fell.');
  });

  it('shows loading, busy, in place of the chart', async () => {
    const page = await render((host) => host.loading.set(true));
    const card = page.querySelector('stride-chart-card')!;
    expect(card.getAttribute('aria-busy')).toBe('true');
    expect(card.querySelector('.placeholder')?.textContent).toBe('Loading chart…');
    expect(card.querySelector('.graphic')).toBeNull();
  });

  it('shows an error as an alert in place of the chart', async () => {
    const page = await render((host) => host.error.set('The outcomes could not be loaded.'));
    const alert = page.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('The outcomes could not be loaded.');
    expect(page.querySelector('.plot')).toBeNull();
    expect(page.querySelector('.summary')).toBeNull();
  });
});
