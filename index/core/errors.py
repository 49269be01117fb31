"""Errors raised by news-qa. Each message says how to fix the problem; fields say it as data
(the setting to change, the command to run) for a UI or CLI that acts on it."""

from __future__ import annotations

from typing import Literal

# What went wrong with the LLM (LLMError.kind).
LLMFailure = Literal["unreachable", "auth", "model", "timeout", "failed"]
# Why a web address was not fetched (FetchError.kind).
FetchFailure = Literal[
    "address", "refused", "robots", "network", "timeout", "http", "too-big", "type", "content"
]


class NewsQAError(Exception):
    """Base class for every error news-qa raises on purpose."""


class ConfigError(NewsQAError):
    """A setting (environment variable or .env entry) has an invalid value; `setting` names
    it (e.g. "NEWSQA_TOP_K")."""

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message)
        self.setting = setting


class IndexMissingError(NewsQAError):
    """There is no usable index in the data folder."""

    fix = "news-qa index"

    def __init__(self, data_dir: object, reason: str = "No index found") -> None:
        super().__init__(f"{reason} in {data_dir} - run: {self.fix}")
        self.data_dir = data_dir
        self.reason = reason


class IndexBusyError(NewsQAError):
    """Another process is already updating the index: `holder` says which ("pid 123")."""

    def __init__(self, message: str, *, data_dir: object, holder: str) -> None:
        super().__init__(message)
        self.data_dir = data_dir
        self.holder = holder


class QuestionError(NewsQAError):
    """The question cannot be answered as given (empty, not text, a bad filter); `field` names
    the input at fault ("question", "history", "outlets", "since", "until")."""

    def __init__(self, message: str, *, field: str = "question") -> None:
        super().__init__(message)
        self.field = field


class HistoryTooLongError(QuestionError):
    """The conversation sent with a question is longer than a limit: `size` of it (messages
    or characters) against `limit`; `setting` names the limit (NEWSQA_MAX_HISTORY_...)."""

    def __init__(self, *, size: int, limit: int, setting: str, unit: str) -> None:
        super().__init__(
            f"The conversation is too long ({size:,} {unit}; at most {limit:,}) - start a new "
            f"chat, or raise {setting}",
            field="history",
        )
        self.size = size
        self.limit = limit
        self.setting = setting


class ModelLoadError(NewsQAError):
    """The embedding model could not be loaded from local files."""


class ArticleRejectedError(NewsQAError):
    """An article file cannot be added to (or removed from) the seeds folder as given;
    `name` is the file name as given (an upload's, or an article id)."""

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.name = name


class ArticleTooLargeError(ArticleRejectedError):
    """An article file is larger than NEWSQA_MAX_ARTICLE_BYTES: `size` against `limit` bytes."""

    setting = "NEWSQA_MAX_ARTICLE_BYTES"

    def __init__(self, message: str, *, name: str, size: int, limit: int) -> None:
        super().__init__(message, name=name)
        self.size = size
        self.limit = limit


class ArticleNotFoundError(ArticleRejectedError):
    """No article of that name: `where` says where it was looked for ("seeds folder" or
    "index")."""

    def __init__(self, message: str, *, name: str, where: str) -> None:
        super().__init__(message, name=name)
        self.where = where


class LLMError(NewsQAError):
    """The configured LLM could not answer (down, wrong key or model, too slow).

    - `kind`: "unreachable" (no server at the address), "auth" (key refused), "model" (no
      such model), "timeout" (too slow), "failed" (anything else).
    - `setting`: the NEWSQA_ variable that fixes it ("NEWSQA_LLM_BASE_URL", ...), or "" for
      "failed", where no one setting does.
    """

    def __init__(self, message: str, *, kind: LLMFailure = "failed", setting: str = "") -> None:
        super().__init__(message)
        self.kind: LLMFailure = kind
        self.setting = setting


class IndexDamagedError(NewsQAError):
    """The live index cannot be read safely and there is no earlier good one to fall back to."""

    fix = "news-qa index --rebuild"

    def __init__(self, generation: object, reason: str) -> None:
        super().__init__(f"The index in {generation} is damaged ({reason}) - run: {self.fix}")
        self.generation = generation
        self.reason = reason


class StoreUnavailableError(NewsQAError):
    """The Chroma server (NEWSQA_CHROMA_HOST) cannot be reached at `host`:`port`."""

    def __init__(self, message: str, *, host: str, port: int) -> None:
        super().__init__(message)
        self.host = host
        self.port = port


class IndexWriteError(NewsQAError):
    """The index could not be written in `data_dir` (a full disk, a quota, a store that refused
    the write); the live index is unchanged and nothing half-built is left.

    - `reason`: what failed ("Not enough disk space in /d (needs ~40 MB, has 12 MB)").
    - `needed_mb`/`free_mb`: set when the space check refused the update before writing.
    - `setting`: the variable that moves the index elsewhere (NEWSQA_DATA_DIR); `fix`: what
      to do, as said in the message.
    """

    setting = "NEWSQA_DATA_DIR"
    FIX = (
        "free space there or set NEWSQA_DATA_DIR to a folder on a larger disk, "
        "then update the index again"
    )

    def __init__(
        self,
        data_dir: object,
        reason: str,
        *,
        needed_mb: int | None = None,
        free_mb: int | None = None,
        fix: str = FIX,
    ) -> None:
        super().__init__(f"{reason} - {fix}")
        self.data_dir = data_dir
        self.reason = reason
        self.needed_mb = needed_mb
        self.free_mb = free_mb
        self.fix = fix


class ConversationStoreError(NewsQAError):
    """The saved conversations and ratings (`path`, an SQLite file in the data folder) cannot
    be used: `reason` says why ("damaged", "locked by another process", ...), `fix` what to do."""

    def __init__(self, path: object, reason: str, fix: str) -> None:
        super().__init__(f"The conversations database {path} is {reason} - {fix}")
        self.path = path
        self.reason = reason
        self.fix = fix


class ConversationNotFoundError(NewsQAError):
    """No saved conversation or answer `item` for this user (deleted, or someone else's: the
    two are not told apart)."""

    def __init__(self, item: str) -> None:
        super().__init__(f"No saved {item} here (deleted?) - pick one from the list")
        self.item = item


class FetchError(NewsQAError):
    """A web page or feed could not be fetched or read: `url` as given, `reason` in words
    (with the fix), `kind` as data, `setting` the NEWSQA_ variable that changes it, or "".

    Kinds: "address" (not an http(s) address), "refused" (a private or metadata address:
    NEWSQA_FETCH_ALLOW_PRIVATE), "robots" (the site's robots.txt disallows it), "network"
    (no such host, connection refused), "timeout" (NEWSQA_FETCH_TIMEOUT), "http" (an error
    status), "too-big" (NEWSQA_MAX_ARTICLE_BYTES), "type" (not a web page or not a feed),
    "content" (no article text, a malformed feed, an empty answer).
    """

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        kind: FetchFailure,
        setting: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.kind: FetchFailure = kind
        self.setting = setting
        # The HTTP status of an "http" failure.
        self.status = status


class FeedListError(NewsQAError):
    """The list of followed feeds (`path`, feeds.json in the data folder) cannot be used as
    asked: an unknown feed, or a damaged file; the message says what to do."""

    def __init__(self, message: str, *, path: object) -> None:
        super().__init__(message)
        self.path = path
