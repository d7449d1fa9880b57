import {
  baselineOf,
  computeBilling,
  findInstrument,
  improvement,
  INSTRUMENTS,
  reachesMcid,
  type SignedVisit,
} from '@stride/clinical';
import {
  changeText,
  dosageText,
  instantIn,
  plural,
  signedByLine,
  techniqueInWords,
  valueText,
  visitTypeInWords,
  bodySideInWords,
} from './document-text.js';
import type { AddendumDocumentRow, VisitDocumentRow } from './documents.repository.js';
import { PdfWriter } from './pdf-writer.js';

export interface VisitDocument {
  visit: VisitDocumentRow;
  addenda: AddendumDocumentRow[];
  /** The episode's signed visits in visit order (this one among them). */
  signedVisits: readonly SignedVisit[];
}

/**
 * A measurement's §4 change since baseline at this visit: "—" when this visit is the baseline
 * (the first signed visit that has the instrument), else the improvement from the baseline in
 * the instrument's better direction, as outcome-math.ts defines it.
 */
export function changeSinceBaseline(
  code: string,
  value: number,
  visitId: string,
  signedVisits: readonly SignedVisit[],
): string {
  const instrument = findInstrument(code);
  if (!instrument) return '—';
  const baseline = baselineOf(signedVisits, (v) => v.values[instrument.code]);
  if (!baseline || baseline.visit.id === visitId) return '—';
  const change = improvement(instrument, baseline.value, value);
  const mcid = reachesMcid(instrument, change) ? 'MCID reached' : 'MCID not reached';
  return `${changeText(instrument, change)} (baseline ${valueText(instrument, baseline.value)}; ${mcid})`;
}

/** The signed visit as a PDF (SPEC §9 "Documents"). */
export function visitPdf({ visit: v, addenda, signedVisits }: VisitDocument): Promise<Buffer> {
  const tz = v.timezone;
  const patient = `${v.first_name} ${v.last_name}`;
  const day = instantIn(v.visit_date, tz).slice(0, 10);
  const pdf = new PdfWriter({
    title: `Visit note ${day}`,
    footer: `${patient} · ${v.mrn} · Visit note ${day}`,
  });

  pdf.header(v.clinic_name, 'Visit note');
  pdf.field('Patient', patient);
  pdf.field('Date of birth', v.date_of_birth);
  pdf.field('MRN', v.mrn);
  pdf.space(0.4);
  pdf.field('Visit date', `${instantIn(v.visit_date, tz)} ${tz}`);
  pdf.field('Visit type', visitTypeInWords(v.visit_type));
  pdf.field('Diagnosis', `${v.diagnosis_code} ${v.diagnosis_label} (side: ${bodySideInWords(v.body_side)})`);
  pdf.field('Therapist', v.therapist_name);

  pdf.heading('SOAP note');
  pdf.block('Subjective', v.subjective);
  pdf.block('Objective', v.objective);
  pdf.block('Assessment', v.assessment);
  pdf.block('Plan', v.plan);

  pdf.heading('Measurements');
  // In the registry's order, as every form lists instruments.
  const measured = INSTRUMENTS.flatMap((i) => v.measurements.filter((m) => m.instrument === i.code));
  if (measured.length === 0) pdf.paragraph('None recorded.');
  for (const m of measured) {
    const instrument = findInstrument(m.instrument)!;
    pdf.item(
      `${instrument.name}: ${valueText(instrument, m.value)}`,
      `Change since baseline: ${changeSinceBaseline(m.instrument, m.value, v.id, signedVisits)}`,
    );
  }

  pdf.heading('Manual therapy');
  if (v.manual_therapy.length === 0) pdf.paragraph('None recorded.');
  for (const mt of v.manual_therapy) {
    const minutes = mt.minutes ? `, ${mt.minutes} min` : '';
    pdf.item(
      `${techniqueInWords(mt.technique)} — ${mt.region}${minutes}`,
      mt.notes && mt.notes.trim() ? mt.notes : undefined,
    );
  }

  pdf.heading('Exercises');
  if (v.exercises.length === 0) pdf.paragraph('None prescribed.');
  for (const e of v.exercises) {
    const notes = e.notes && e.notes.trim() ? `\nNotes: ${e.notes}` : '';
    pdf.item(`${e.name}: ${dosageText(e)}`, `${e.instructions}${notes}`);
  }

  pdf.heading('Service lines');
  const billing = computeBilling(v.services);
  if (billing.lines.length === 0) pdf.paragraph('None recorded.');
  for (const line of billing.lines) {
    const minutes = line.minutes === null ? '' : `, ${line.minutes} min`;
    pdf.item(
      `${line.cptCode} (${line.timed ? 'timed' : 'untimed'}${minutes}): ${plural(line.units, 'unit')}`,
    );
  }
  if (billing.lines.length > 0) {
    pdf.paragraph(
      `Total: ${billing.totalTimedMinutes} timed minutes, ${plural(billing.totalUnits, 'unit')} (8-minute rule)`,
    );
  }

  pdf.space(1);
  pdf.paragraph(signedByLine(v.signer_name ?? '', v.signer_credentials, v.signed_at!, tz), { bold: true });

  if (addenda.length > 0) {
    pdf.heading('Addenda');
    for (const a of addenda) pdf.item(`${instantIn(a.created_at, tz)} ${tz}, ${a.author_name}`, a.text);
  }
  return pdf.finish();
}
