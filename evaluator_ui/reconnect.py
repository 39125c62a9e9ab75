"""A tab that outlives its server: after a restart, the next click in the checklist's step part
(a fragment) still does what it says."""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

# A click inside the step's part (a fragment) asks the server to rerun that fragment alone; a
# server restarted since has never drawn it and drops the request, so the click would be lost.
# Once the tab is connected again this asks for a run of the whole page with what the tab shows
# (Streamlit's own "r" shortcut), which draws the fragment anew. Attached once per browser tab;
# it reads no user text.
RERUN_ON_RECONNECT_JS = """<script>
if (!window.__evaluatorRerunOnReconnect) {
  window.__evaluatorRerunOnReconnect = true;
  const app = document.querySelector('[data-testid="stApp"]');
  let was = null;
  const check = () => {
    const now = app.getAttribute('data-test-connection-state');
    if (now === 'CONNECTED' && was !== null && was !== 'CONNECTED') {
      document.body.dispatchEvent(new KeyboardEvent('keydown',
        {key: 'r', code: 'KeyR', keyCode: 82, which: 82, bubbles: true, cancelable: true}));
    }
    was = now;
  };
  if (app) {
    check();
    new MutationObserver(check).observe(app,
      {attributes: true, attributeFilter: ['data-test-connection-state']});
  }
}
</script>"""


def install() -> None:
    """A rerun request naming a fragment this session has not drawn is dropped by Streamlit: a
    click in the step's part sent to a server restarted since (or during the first run there,
    before the part is drawn) would be lost without a word. Such a request reruns the whole
    page instead, with the tab's values, as a click outside any fragment does. Installed once
    per server by app.py's first line, so that it is in place before the first run after a
    restart draws anything (it wraps the pinned Streamlit's `AppSession.request_rerun`)."""
    if getattr(AppSession.request_rerun, "_evaluator_whole_page", False):
        return
    request_rerun = AppSession.request_rerun

    def whole_page_if_unknown(self: AppSession, client_state: ClientState | None) -> None:
        fragment = client_state.fragment_id if client_state is not None else ""
        if client_state is not None and fragment and not self.has_fragment(fragment):
            whole = ClientState()
            whole.CopyFrom(client_state)
            whole.ClearField("fragment_id")
            client_state = whole
        request_rerun(self, client_state)

    whole_page_if_unknown._evaluator_whole_page = True  # type: ignore[attr-defined]
    AppSession.request_rerun = whole_page_if_unknown  # type: ignore[method-assign]
