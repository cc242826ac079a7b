// The copy of what was sent as a PDF, made in the browser with jsPDF (bundled under /vendor/ from its npm package,
// infra/web_vendor.py) in DejaVu Sans, which has the Swedish and the Arabic letters. Both are fetched from the
// form's own origin the first time the reporter asks, never before. The PDF's text is the copy the receipt shows
// (review.js's rendering), headed by the reference number and the time received: nothing else from the server.

import { currentLanguage, t } from "./i18n.js";
import { formatReceived } from "./receipt.js";

const LIBRARY = "/vendor/jspdf.js";
const FONT = "/vendor/DejaVuSans.ttf";
const FONT_NAME = "DejaVuSans";

const MARGIN = 56; // points: 2 cm
const SIZES = { title: 16, heading: 13, person: 12, label: 9.5, text: 11, footer: 9 };
const LINE = 1.35; // line height, times the font size
const LABEL_GREY = 80; // dark enough to read in black and white
// Marks that keep the reference number (2026-ABC-DEF) reading left to right inside a right-to-left line; jsPDF's
// bidi engine knows no isolates.
const LEFT_TO_RIGHT_MARK = "\u200E";
const RIGHT_TO_LEFT_MARK = "\u200F";

let loading = null;

// The font's bytes as the binary string jsPDF's file system takes.
function binaryString(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(start, start + 0x8000));
  }
  return text;
}

function loadLibraryAndFont() {
  if (!loading) {
    const font = fetch(FONT, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(FONT + " " + response.status);
      return response.arrayBuffer();
    });
    loading = Promise.all([import(LIBRARY), font]).then(([library, buffer]) => ({
      jsPDF: library.jsPDF,
      font: binaryString(buffer),
    }));
    loading.catch(() => {
      loading = null; // asked again, it is fetched again
    });
  }
  return loading;
}

// Text laid out from the top of the page down, new pages as needed, mirrored for a right-to-left language.
function writer(doc, rtl) {
  const width = doc.internal.pageSize.getWidth();
  const height = doc.internal.pageSize.getHeight();
  const textWidth = width - 2 * MARGIN;
  // jsPDF's bidi engine: the text is in logical order, the PDF draws it in visual order.
  const options = { align: rtl ? "right" : "left", isInputVisual: false, isOutputVisual: true, isInputRtl: rtl };
  let y = MARGIN;

  return {
    // `keepLines`: lines of body text that must fit under it on the same page (a heading never ends a page).
    write(text, size, grey, spaceBefore, keepLines) {
      doc.setFontSize(size);
      doc.setTextColor(grey || 0);
      y += spaceBefore || 0;
      const kept = (keepLines || 0) * SIZES.text * LINE;
      doc.splitTextToSize(String(text), textWidth).forEach((line) => {
        if (y + size * LINE + kept > height - MARGIN) {
          doc.addPage();
          y = MARGIN;
        }
        y += size * LINE;
        doc.text(line, rtl ? width - MARGIN : MARGIN, y, options);
      });
    },
    // On every page: the reference number and the page's number.
    footer(reference) {
      const pages = doc.getNumberOfPages();
      doc.setFontSize(SIZES.footer);
      doc.setTextColor(0);
      for (let page = 1; page <= pages; page += 1) {
        doc.setPage(page);
        const text = t("receipt.copy.pdfFooter", { reference, page, pages });
        doc.text(text, rtl ? width - MARGIN : MARGIN, height - MARGIN / 2, options);
      }
    },
  };
}

function fileName(reference) {
  return "orosanmalan-" + String(reference).replace(/[^A-Za-z0-9-]/g, "") + ".pdf";
}

// The PDF of `copy` (receipt.js) with the text of `rendered` (the copy as the receipt shows it), saved as a
// download; resolves to the file's name.
export async function downloadPdf(copy, rendered) {
  const { jsPDF, font } = await loadLibraryAndFont();
  const rtl = document.documentElement.dir === "rtl";
  const reference = copy.referenceNumber;
  const doc = new jsPDF({ unit: "pt", format: "a4", compress: true });
  doc.addFileToVFS(FONT_NAME + ".ttf", font);
  doc.addFont(FONT_NAME + ".ttf", FONT_NAME, "normal");
  doc.setFont(FONT_NAME, "normal");
  doc.setProperties({ title: t("receipt.copy.pdfTitle", { reference }) });
  doc.setLanguage(currentLanguage());

  const page = writer(doc, rtl);
  const shown = rtl ? LEFT_TO_RIGHT_MARK + reference + RIGHT_TO_LEFT_MARK : reference;
  page.write(t("receipt.copy.pdfTitle", { reference: shown }), SIZES.title);
  page.write(t("receipt.copy.pdfReference", { reference: shown }), SIZES.text, 0, 8);
  page.write(t("receipt.copy.pdfReceived", { when: formatReceived(copy.receivedAt) }), SIZES.text);
  page.write(t("receipt.copy.pdfNote"), SIZES.label, LABEL_GREY, 6);
  rendered.querySelectorAll("h4, h5, dt, dd").forEach((element) => {
    const text = element.textContent;
    if (element.tagName === "H4") page.write(text, SIZES.heading, 0, 14, 3);
    else if (element.tagName === "H5") page.write(text, SIZES.person, 0, 8, 2);
    else if (element.tagName === "DT") page.write(text, SIZES.label, LABEL_GREY, 6, 1);
    else page.write(text, SIZES.text);
  });
  page.footer(shown);

  const name = fileName(reference);
  doc.save(name);
  return name;
}
