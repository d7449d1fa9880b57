import type { EpisodeView, HomeProgramView, VisitView } from '@stride/api';

/** Test data for the chart specs (not imported by the app). */
export function anEpisode(overrides: Partial<EpisodeView> = {}): EpisodeView {
  return {
    id: 'e-1',
    patientId: 'p-1',
    therapistId: 'user-1',
    diagnosisCode: 'M76.31',
    diagnosisLabel: 'Iliotibial band syndrome, right leg',
    bodySide: 'right',
    onsetDate: '2026-10-20',
    startDate: '2026-11-03',
    plannedVisits: 4,
    plannedWeeks: 6,
    goals: ['Run 10 km on the flat without lateral knee pain'],
    status: 'active',
    dischargeDate: null,
    dischargeReason: null,
    dischargeNote: null,
    cancelReason: null,
    version: 1,
    createdAt: '2026-11-03T10:00:00Z',
    updatedAt: '2026-11-03T10:00:00Z',
    offTrack: [],
    ...overrides,
  };
}

export function aVisit(overrides: Partial<VisitView> = {}): VisitView {
  return {
    id: 'v-1',
    episodeId: 'e-1',
    patientId: 'p-1',
    therapistId: 'user-1',
    visitDate: '2026-11-03T16:00:00Z',
    visitType: 'follow_up',
    subjective: null,
    objective: null,
    assessment: null,
    plan: null,
    measurements: [],
    manualTherapy: [],
    exercises: [],
    running: null,
    services: [],
    status: 'signed',
    version: 1,
    createdAt: '2026-11-03T16:00:00Z',
    signedAt: '2026-11-03T17:00:00Z',
    signedBy: 'user-1',
    addenda: [],
    flags: [],
    billing: { totalTimedMinutes: 0, totalUnits: 0, lines: [] },
    ...overrides,
  };
}

export function aHomeProgram(overrides: Partial<HomeProgramView> = {}): HomeProgramView {
  return {
    visitId: 'v-2',
    items: [
      {
        exerciseId: 'x-1',
        name: 'Lateral band walk',
        instructions: 'Step sideways with the band taut.',
        targets: ['glute_medius'],
        sets: 3,
        reps: 15,
        holdSeconds: null,
        load: 'blue band',
        timesPerWeek: 3,
        notes: null,
      },
    ],
    ...overrides,
  };
}

/** An element's words as separate elements are read: one after the other, not run together. */
export function readText(element: Element | null): string {
  if (!element) {
    return '';
  }
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  while (walker.nextNode()) {
    parts.push(walker.currentNode.textContent ?? '');
  }
  return parts
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.)])/g, '$1')
    .trim();
}
