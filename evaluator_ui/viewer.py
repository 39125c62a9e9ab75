"""The report beside the checklist: a page viewer that opens where the reader asked for it.

An evidence card's "See quote N on page P" opens the viewer inside that card, at the quote's page
with the quote marked; "Read the report" opens it at the top of the evidence column, at page 1,
and works in blind mode too, where the tool's quotes stay hidden. On a wide screen it sits beside
the answer form; on a phone, under the button pressed. Its place (page, part, quote) is kept in
the session and in the address (`view`, `page`), so a reload comes back to it.

The page is the stored text, each line its own paragraph, every piece escaped (`pageview`), so
the document can neither add markup nor forge the mark.
"""

from __future__ import annotations

import streamlit as st

from evaluator import Document, QuoteRef

from . import pageview, session
from .pageview import View

VIEW = f"{session.WIDGET_PREFIX}viewer"  # a View, or None once closed in this session
PAGE_INPUT = f"{session.WIDGET_PREFIX}viewer_page"
SCROLLS = f"{session.WIDGET_PREFIX}viewer_scrolls"
VIEW_PARAM, PAGE_PARAM = session.VIEWER_PARAMS
READ = "read"
_UNSET = object()
MODE = f"{session.WIDGET_PREFIX}viewer_mode"  # the page as text (every report) or as an image
TEXT, IMAGE = "Text", "Image"
BOX_KEY = "report_page_text"
# Brings the page into view (the least scroll that shows it), then the mark into view inside the
# page's own scroll box: fixed code that reads no document text.
SCROLL_JS = """<script>/* view {n} */(() => {{
const show = () => {{
  const box = document.querySelector('.st-key-{box}');
  const drawn = '[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]';
  if (!box || !box.querySelector(drawn)) return false;
  box.scrollIntoView({{block: 'nearest'}});
  const mark = box.querySelector('.stMarkdownColoredBackground');
  if (mark) {{  // the keyed box of fixed height is the element that scrolls
    const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += top - box.clientHeight / 3;
  }}
  return true;
}};
let tries = 0;
const again = () => {{ if (!show() && ++tries < 20) setTimeout(again, 100); }};
again();
}})();</script>"""


def current(
    document: Document | None,
    criterion: str,
    evidence: list[QuoteRef],
    added: list[QuoteRef],
) -> View | None:
    """The open view for question `criterion`, or None. In a new session (a reload, a restart,
    a shared link) the address says; it is hostile input, so only a known anchor and a page
    number are taken from it, and an anchor names only a quote this reader may see now
    (`evidence` is empty while blind mode hides the tool's quotes)."""
    if document is None:
        return None
    if st.session_state.get(VIEW, _UNSET) is _UNSET:  # `in` would read all of the state
        st.session_state[VIEW] = _from_address(document, criterion, evidence, added)
    view = st.session_state[VIEW]
    if not isinstance(view, View):
        return None
    if view.anchor != READ:
        quote = _quote_at(view.anchor, evidence, added)
        # another question's quote, or one removed since: its card is gone, so is the viewer
        if view.criterion != criterion or quote is None or quote != view.quote:
            close()
            return None
    elif view.criterion != criterion:
        view = View(criterion, READ, view.page, view.part)  # reading goes on
        st.session_state[VIEW] = view
    return view


def _quote_at(anchor: str, evidence: list[QuoteRef], added: list[QuoteRef]) -> QuoteRef | None:
    if not pageview.ANCHOR.match(anchor) or anchor == READ:
        return None
    quotes = evidence if anchor[0] == "e" else added
    index = int(anchor[1:])
    return quotes[index] if index < len(quotes) else None


def _from_address(
    document: Document, criterion: str, evidence: list[QuoteRef], added: list[QuoteRef]
) -> View | None:
    anchor = str(st.query_params.get(VIEW_PARAM, ""))
    if not pageview.ANCHOR.match(anchor):
        return None
    if anchor == READ:
        view = View(criterion, READ, 1)
    else:
        quote = _quote_at(anchor, evidence, added)
        if quote is None:
            return None
        view = pageview.open_at(document, criterion, anchor, quote)
    page = str(st.query_params.get(PAGE_PARAM, ""))
    if page.isdigit() and len(page) <= 6 and int(page) != view.page:
        view = pageview.go_to(document, view, int(page))
    return view


def _set(view: View | None) -> None:
    st.session_state[VIEW] = view
    st.session_state[SCROLLS] = int(st.session_state.get(SCROLLS, 0)) + 1


def open_view(document: Document, criterion: str, anchor: str, quote: QuoteRef | None) -> None:
    """Open the viewer from `anchor` (a card, or "read"), at `quote` when there is one."""
    if anchor == READ and isinstance(view := st.session_state.get(VIEW), View):
        _set(View(criterion, READ, view.page, view.part))  # back where the reader left off
        return
    _set(pageview.open_at(document, criterion, anchor, quote))


def close() -> None:
    st.session_state[VIEW] = None


def is_open_at(view: View | None, anchor: str) -> bool:
    return view is not None and view.anchor == anchor


def _step(document: Document, delta: int) -> None:
    if isinstance(view := st.session_state.get(VIEW), View):
        _set(pageview.step(document, view, delta))


def _typed_page(document: Document) -> None:
    view, page = st.session_state.get(VIEW), st.session_state.get(PAGE_INPUT)
    if isinstance(view, View) and isinstance(page, int | float):
        _set(pageview.go_to(document, view, int(page)))


def _back_to_quote(document: Document) -> None:
    view = st.session_state.get(VIEW)
    if isinstance(view, View) and view.quote is not None:
        _set(pageview.open_at(document, view.criterion, view.anchor, view.quote))


def sync_address(view: View | None) -> None:
    """Write the view into the address (or take it out), so a reload comes back to it."""
    wanted = {} if view is None else {VIEW_PARAM: view.anchor, PAGE_PARAM: str(view.page)}
    for name in (VIEW_PARAM, PAGE_PARAM):
        if name not in wanted:
            st.query_params.pop(name, None)
        elif st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]


def panel(document: Document, view: View) -> None:
    """The page the view is at, with the controls to move through the report."""
    shown = pageview.shown(document, view)
    total = pageview.page_count(document)
    with st.container(key="report_viewer"):
        part = f" (part {view.part + 1} of {shown.parts})" if shown.parts > 1 else ""
        st.markdown(f"**The report, page {view.page} of {total}**{part}")
        quote = view.quote
        if shown.missing and quote is not None:
            st.warning(
                f"The words of this quote were not found on page {quote.page}; "
                "the page is shown as it stands."
            )
        elif shown.marked:
            st.caption("The quote is marked in orange (and in bold in the text).")
        elif shown.marked is False and quote is not None:
            where = "another part of this page" if quote.page == view.page else f"page {quote.page}"
            st.caption(f"The quote is on {where}.")
        pdf = session.document_file(document.sha256) if document.source == "pdf" else None
        if pdf is not None:
            st.segmented_control(
                "Show the page as", [TEXT, IMAGE], key=MODE, default=TEXT, required=True
            )
        if pdf is None or st.session_state.get(MODE) != IMAGE or not _image(document, view, pdf):
            with st.container(height=420, key=BOX_KEY):
                if shown.markdown:
                    st.markdown(shown.markdown)
                else:
                    st.caption("No text was read on this page (it may be a picture or a scan).")
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.button(
                "Previous page",
                key=f"{VIEW}_previous",
                disabled=pageview.at_start(view),
                on_click=_step,
                args=(document, -1),
                help="Long pages are shown in parts: this goes back one part first.",
            )
            st.session_state[PAGE_INPUT] = view.page
            st.number_input(
                "Go to page",
                min_value=1,
                max_value=total,
                step=1,
                key=PAGE_INPUT,
                on_change=_typed_page,
                args=(document,),
                width=120,
            )
            st.button(
                "Next page",
                key=f"{VIEW}_next",
                disabled=pageview.at_end(document, view),
                on_click=_step,
                args=(document, 1),
                help="Long pages are shown in parts: this goes on one part first.",
            )
            if quote is not None and not shown.marked and not shown.missing:
                st.button(
                    f"Back to the quote on page {quote.page}",
                    key=f"{VIEW}_back",
                    on_click=_back_to_quote,
                    args=(document,),
                )
            st.button("Close the report", key=f"{VIEW}_close", on_click=close)
        _scroll_into_view()


def _image(document: Document, view: View, pdf: bytes) -> bool:
    """The page as printed, with the quote's place marked; False (after saying why) when it
    cannot be drawn, and the text is shown instead."""
    quote = view.quote.quote if view.quote and view.quote.page == view.page else None
    with st.spinner("Drawing the page…"):
        image = session.page_image(document.sha256, view.page, quote, pdf)
    if isinstance(image, str):
        st.info(f"The page cannot be shown as an image ({image}); here is its text.")
        return False
    where = ""
    if quote is not None:
        where = (
            " The quote's place is marked in orange."
            if image.marked
            else " The quote's words could not be placed on the image; the text view marks them."
        )
    st.image(
        image.png,
        caption=f"Page {view.page} as printed.{where}",
        alt=f"Page {view.page} of the report as printed; its text is in the Text view.",
        width="stretch",
    )
    return True


def _scroll_into_view() -> None:
    """Once per move, bring the page and its mark into view."""
    moves = int(st.session_state.get(SCROLLS, 0))
    if moves == st.session_state.get(SCROLLS + "_done"):
        return
    st.session_state[SCROLLS + "_done"] = moves
    st.html(SCROLL_JS.format(n=moves, box=BOX_KEY), unsafe_allow_javascript=True)
