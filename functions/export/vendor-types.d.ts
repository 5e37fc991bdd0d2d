/**
 * pdfkit's standalone build: the same `PDFDocument` as `pdfkit` (typed by @types/pdfkit, which
 * only knows the specifier without `.js`), with the standard fonts' metrics built in. See report-pdf.ts.
 */
declare module 'pdfkit/js/pdfkit.standalone.js' {
  import PDFDocument from 'pdfkit';
  export default PDFDocument;
}
