"""A report document (functions/domain/report_document.py) laid out as an A4 PDF with fpdf2 and the embedded
Unicode font letters use: the title and language (sv) in its metadata, each heading a bookmark (the outline
a reader navigates by), the free text as written, a footer with the page number on every page."""

from pathlib import Path

from functions.domain.report_document import ReportDocument
from functions.shared import names
from functions.shared.letters import FONT

LABEL_WIDTH = 55  # mm: the labels' column; the values take the rest of the line
KEEP_WITH_HEADING = 25  # mm: a heading with less than this below it starts the next page


def document_pdf(document: ReportDocument, *, font_file: Path | None = None) -> bytes:
    # Imported when a document is made: fpdf2 brings Pillow and fontTools, which no other staff request needs
    # at a cold start.
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-18)
            self.set_font(FONT, size=7)
            self.multi_cell(0, 3.5, f"{document.footer}  Sida {self.page_no()} av {{nb}}", align="L")

    pdf = _Document(format="A4")
    pdf.set_title(document.title)
    pdf.set_subject(document.title)
    pdf.set_author(document.author)
    pdf.set_creator("Oro")
    pdf.set_lang("sv")
    pdf.set_display_mode("fullpage")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=24)
    pdf.add_font(FONT, fname=str(font_file or names.LETTER_FONT_FILE))
    pdf.alias_nb_pages()
    pdf.add_page()

    pdf.set_font(FONT, size=16)
    pdf.start_section(document.title, level=0)
    pdf.multi_cell(0, 8, document.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in document.sections:
        pdf.ln(3)
        if pdf.will_page_break(KEEP_WITH_HEADING):
            pdf.add_page()
        pdf.set_font(FONT, size=13 if section.level == 1 else 11.5)
        pdf.start_section(section.heading, level=section.level)
        pdf.multi_cell(0, 7, section.heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=10)
        if section.rows:
            width = pdf.epw
            with pdf.table(
                col_widths=(LABEL_WIDTH, width - LABEL_WIDTH),
                first_row_as_headings=False,
                borders_layout="NONE",
                text_align="LEFT",
                v_align="TOP",
                line_height=5.5,
                padding=(0.5, 1, 0.5, 0),
            ) as table:
                for row in section.rows:
                    cells = table.row()
                    cells.cell(row.label)
                    cells.cell(row.value)
        for paragraph in section.paragraphs:
            pdf.ln(1)
            pdf.multi_cell(0, 5.5, paragraph, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
