"""Letters to reporters as PDF: the municipality's template file (names.LETTERS_DIR) and fpdf2 with an
embedded Unicode font. What a letter says is functions/domain/feedback_letter.py."""

from pathlib import Path

from functions.shared import names

FONT = "DejaVuSans"


def letter_template(municipality_id: str, letter: str, letters_dir: Path | None = None) -> str:
    """The municipality's own template of `letter`, or the default one."""
    folder = letters_dir or names.LETTERS_DIR
    own = folder / municipality_id / f"{letter}.txt"
    chosen = own if own.is_file() else folder / names.DEFAULT_LETTERS / f"{letter}.txt"
    return chosen.read_text(encoding="utf-8")


def letter_pdf(text: str, *, title: str, author: str, font_file: Path | None = None) -> bytes:
    """One A4 letter: the text as written (lines kept, long ones wrapped), title and language (sv) in the
    document's metadata so a screen reader reads it in Swedish."""
    # Imported when a letter is made: fpdf2 brings Pillow and fontTools, which no other staff request needs
    # at a cold start.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Oro")
    pdf.set_lang("sv")
    pdf.set_margins(25, 25, 25)
    pdf.add_font(FONT, fname=str(font_file or names.LETTER_FONT_FILE))
    pdf.set_font(FONT, size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())
