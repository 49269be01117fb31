"""What every event of the app shares: inputs an API caller leaves out take their defaults,
and errors reach the caller with their message (never a traceback).

Imports gradio: ui/web/app.py imports this module only when it builds the app.
"""

from __future__ import annotations

import functools
import html
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from index.core.errors import NewsQAError

log = logging.getLogger(__name__)
Handler = TypeVar("Handler", bound=Callable[..., Any])


class CallerBlocks(gr.Blocks):
    """Blocks that meet API callers halfway: each missing trailing input takes its
    component's initial value (Gradio refuses the call otherwise), and an input a component
    cannot read is said with Gradio's description of it (otherwise `{"error": null}`)."""

    def validate_inputs(self, block_fn: Any, inputs: list[Any]) -> None:
        missing = block_fn.inputs[len(inputs) :]
        # In place: Gradio reads this same list once it is validated.
        inputs.extend(getattr(block, "value", None) for block in missing)
        super().validate_inputs(block_fn, inputs)

    async def preprocess_data(self, *args: Any, **kwargs: Any) -> Any:
        from gradio.exceptions import ComponentProcessingError
        from pydantic import ValidationError

        try:
            return await super().preprocess_data(*args, **kwargs)
        except ComponentProcessingError as err:
            # Gradio's text names the input, the type expected and (cut) the value sent.
            text = str(err).split("\n\nOriginal error", 1)[0]
        except ValidationError as err:
            problem = err.errors()[0]
            at = ".".join(str(part) for part in problem["loc"]) or "the top"
            text = f"An input could not be read as {err.title} (at {at}): {problem['msg']}"
        raise gr.Error(html.escape(text, quote=False), print_exception=False)


def said(err: Exception) -> gr.Error:
    """`err` as the error Gradio passes on to the page and to API callers: our errors with
    their message; anything else logged here with its traceback and said in general words."""
    # Escaped: Gradio shows the message as HTML, and ours can quote a name a caller chose.
    if isinstance(err, NewsQAError):
        return gr.Error(html.escape(str(err), quote=False), print_exception=False)
    log.exception("unexpected error in a UI event")
    return gr.Error(
        f"Something went wrong on the server ({type(err).__name__}; details are in its log) "
        "- try again, and report it if it keeps happening",
        print_exception=False,
    )


def reported(handler: Handler) -> Handler:
    """`handler` (a function or a generator) with its errors raised as `said(err)`: Gradio
    shows only a gr.Error's message (NEWSQA errors have `{"error": null}` otherwise)."""
    if inspect.isgeneratorfunction(handler):

        @functools.wraps(handler)
        def stream(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from handler(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as err:
                raise said(err) from None

        return stream  # type: ignore[return-value]

    @functools.wraps(handler)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as err:
            raise said(err) from None

    return call  # type: ignore[return-value]
