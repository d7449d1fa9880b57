import { Readable } from 'node:stream';
import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { IdParam } from '../common/id-param.js';
import { ApiProblems } from '../common/openapi.js';
import { sendProblem } from '../common/problem-response.js';
import { DocumentsService, type PendingPdf } from './documents.service.js';

/** The 200 answer of a document route, as the OpenAPI document describes it. */
function pdfResponse(description: string, fileName: string) {
  return ApiOkResponse({
    description,
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Disposition': {
        description: `attachment; filename="${fileName}" (the MRN and a date; never the patient's name)`,
        required: true,
        schema: { type: 'string' },
      },
      'Cache-Control': { description: 'no-store', required: true, schema: { type: 'string' } },
    },
  });
}

/**
 * The answer: the PDF is rendered when Nest sends it, which is after the request's transaction
 * has committed (the interceptor answers once its transaction is done), so the database
 * connection is back in the pool while pdfkit works. It goes out chunked, without a length.
 *
 * The file name carries the MRN and the date, not the patient's name: a file name travels where
 * the document's content does not (download folders, browser history, print queues, mail
 * attachments' headers), and an ASCII name needs no RFC 6266 `filename*` encoding.
 */
function send(doc: PendingPdf): StreamableFile {
  const rendered = Readable.from(
    (async function* () {
      yield await doc.render();
    })(),
  );
  return new StreamableFile(rendered, {
    type: 'application/pdf',
    disposition: `attachment; filename="${doc.fileName}"`,
  }).setErrorHandler((err, res) => {
    // Before the first byte: a problem+json 500 (logged); after it, the connection is cut.
    if (!res.headersSent) (res as Response).removeHeader('Content-Disposition');
    sendProblem(res as Response, err);
  });
}

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('visits/:id/pdf')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @pdfResponse(
    'The signed visit: clinic, patient, visit date and type, SOAP, measurements with their change since ' +
      'baseline, manual therapy, exercises, service lines with units, "Signed by …", addenda; every page ' +
      'ends "Page n of m". Audited as visit.pdf.',
    'visit-P-000001-2026-03-02.pdf',
  )
  @ApiProblems(
    [404, 'No such visit in your clinic.'],
    [403, 'You hold no role right now (an admin without the two-step sign-in your clinic requires).'],
    [409, 'The visit is a draft: only a signed visit can be printed.'],
  )
  @ApiOperation({ summary: 'A signed visit as PDF' })
  async visit(@IdParam() id: string): Promise<StreamableFile> {
    return send(await this.documents.visit(id));
  }

  @Get('episodes/:id/discharge-summary.pdf')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @pdfResponse(
    'The discharged episode: diagnosis, start and discharge dates, signed visits, weeks, discharge reason ' +
      'and note, each instrument’s baseline → latest with "MCID reached" or "MCID not reached", and the ' +
      'home programme. Audited as episode.discharge_summary.',
    'discharge-summary-P-000001-2026-04-10.pdf',
  )
  @ApiProblems(
    [404, 'No such episode in your clinic.'],
    [403, 'You hold no role right now (an admin without the two-step sign-in your clinic requires).'],
    [409, 'The episode is not discharged (active or cancelled).'],
  )
  @ApiOperation({ summary: 'An episode’s discharge summary as PDF' })
  async dischargeSummary(@IdParam() id: string): Promise<StreamableFile> {
    return send(await this.documents.dischargeSummary(id));
  }
}
