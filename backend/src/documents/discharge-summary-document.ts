import {
  daysBetween,
  type Instrument,
  INSTRUMENTS,
  instrumentOutcome,
  type SignedVisit,
} from '@stride/clinical';
import {
  bodySideInWords,
  changeText,
  dischargeReasonInWords,
  dosageText,
  instantIn,
  valueText,
  weeksText,
} from './document-text.js';
import type { DocumentPrescription, EpisodeDocumentRow } from './documents.repository.js';
import { PdfWriter } from './pdf-writer.js';

export interface DischargeSummaryDocument {
  episode: EpisodeDocumentRow;
  /** The episode's signed visits in visit order. */
  signedVisits: readonly SignedVisit[];
  homeProgram: { visit_date: Date; exercises: DocumentPrescription[] } | undefined;
}

/** One instrument's line: baseline → latest, change and whether the MCID was reached (outcome-math.ts). */
export function outcomeLine(instrument: Instrument, visits: readonly SignedVisit[]): string {
  const o = instrumentOutcome(instrument, visits);
  if (o.baseline === null) return `${instrument.name}: not measured`;
  const baseline = valueText(instrument, o.baseline);
  if (o.latest === null || o.change === null) {
    return `${instrument.name}: ${baseline} → — (measured once), MCID not reached`;
  }
  return (
    `${instrument.name}: ${baseline} → ${valueText(instrument, o.latest)}, ` +
    `change ${changeText(instrument, o.change)}, ${o.mcidReached ? 'MCID reached' : 'MCID not reached'}`
  );
}

/** The discharged episode as a PDF (SPEC §9 "Documents"). */
export function dischargeSummaryPdf({
  episode: e,
  signedVisits,
  homeProgram,
}: DischargeSummaryDocument): Promise<Buffer> {
  const patient = `${e.first_name} ${e.last_name}`;
  const discharged = e.discharge_date!;
  const pdf = new PdfWriter({
    title: `Discharge summary ${discharged}`,
    footer: `${patient} · ${e.mrn} · Discharge summary ${discharged}`,
  });

  pdf.header(e.clinic_name, 'Discharge summary');
  pdf.field('Patient', patient);
  pdf.field('Date of birth', e.date_of_birth);
  pdf.field('MRN', e.mrn);
  pdf.space(0.4);
  pdf.field('Diagnosis', `${e.diagnosis_code} ${e.diagnosis_label} (side: ${bodySideInWords(e.body_side)})`);
  pdf.field('Treating therapist', e.therapist_name);
  pdf.field('Start date', e.start_date);
  pdf.field('Discharge date', discharged);
  pdf.field('Signed visits', String(signedVisits.length));
  pdf.field('Weeks', weeksText(daysBetween(e.start_date, discharged)));
  pdf.field('Discharge reason', dischargeReasonInWords(e.discharge_reason ?? 'other'));
  pdf.block('Discharge note', e.discharge_note);

  pdf.heading('Outcomes (baseline → latest)');
  for (const instrument of INSTRUMENTS) pdf.item(outcomeLine(instrument, signedVisits));

  pdf.heading('Home programme');
  if (!homeProgram) {
    pdf.paragraph('None prescribed.');
  } else {
    pdf.paragraph(
      `As prescribed at the visit of ${instantIn(homeProgram.visit_date, e.timezone).slice(0, 10)}:`,
    );
    for (const x of homeProgram.exercises) {
      const notes = x.notes && x.notes.trim() ? `\nNotes: ${x.notes}` : '';
      pdf.item(`${x.name}: ${dosageText(x)}`, `${x.instructions}${notes}`);
    }
  }
  return pdf.finish();
}
