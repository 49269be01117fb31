"""Errors raised by news-qa. Each message says how to fix the problem."""


class NewsQAError(Exception):
    """Base class for every error news-qa raises on purpose."""


class ConfigError(NewsQAError):
    """A setting (environment variable or .env entry) has an invalid value."""


class IndexMissingError(NewsQAError):
    """There is no usable index in the data folder."""

    def __init__(self, data_dir: object, reason: str = "No index found") -> None:
        super().__init__(f"{reason} in {data_dir} - run: news-qa index")


class IndexBusyError(NewsQAError):
    """Another process is already updating the index."""


class QuestionError(NewsQAError):
    """The question cannot be answered as given (empty, not text)."""


class ModelLoadError(NewsQAError):
    """The embedding model could not be loaded from local files."""


class ArticleRejectedError(NewsQAError):
    """An article file cannot be added to (or removed from) the seeds folder as given."""


class LLMError(NewsQAError):
    """The configured LLM could not answer (down, wrong key or model, too slow)."""


class IndexDamagedError(NewsQAError):
    """The live index cannot be read safely and there is no earlier good one to fall back to."""

    def __init__(self, generation: object, reason: str) -> None:
        super().__init__(
            f"The index in {generation} is damaged ({reason}) - run: news-qa index --rebuild"
        )


class StoreUnavailableError(NewsQAError):
    """The Chroma server (NEWSQA_CHROMA_HOST) cannot be reached."""
