from pathlib import Path

import pytest

from index.core.errors import ConfigError
from index.core.settings import Settings


def test_defaults_without_environment():
    settings = Settings.load({}, env_file=None)
    assert settings.data_dir == Path(".data")
    assert settings.chunk_size == 256
    assert settings.host == "127.0.0.1"


def test_env_file_is_read_and_environment_wins(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSQA_TOP_K=7\nNEWSQA_CHUNK_SIZE=200\n")
    settings = Settings.load({"NEWSQA_TOP_K": "3"}, env_file=env_file)
    assert settings.top_k == 3
    assert settings.chunk_size == 200


def test_settings_are_frozen():
    settings = Settings.load({}, env_file=None)
    with pytest.raises(AttributeError):
        settings.top_k = 9  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSQA_TOP_K", "abc"),
        ("NEWSQA_TOP_K", "0"),
        ("NEWSQA_CHUNK_SIZE", "1000"),
        ("NEWSQA_MIN_SUPPORT", "2"),
        ("NEWSQA_PORT", "70000"),
        ("NEWSQA_CHUNK_OVERLAP", "200"),
        ("NEWSQA_TOPK", "5"),
        ("NEWSQA_DENSE_WEIGHT", "1.5"),
        ("NEWSQA_CANDIDATES", "5"),
        ("NEWSQA_SOURCE_TURNS", "maybe"),
    ],
)
def test_invalid_values_name_the_variable(name: str, value: str):
    with pytest.raises(ConfigError, match=name):
        Settings.load({name: value}, env_file=None)


def test_env_example_lists_every_setting():
    example = (Path(__file__).resolve().parents[3] / ".env.example").read_text()
    listed = {line.split("=")[0].lstrip("# ") for line in example.splitlines() if "=" in line}
    expected = {f"NEWSQA_{name.upper()}" for name in Settings.__dataclass_fields__}
    assert expected <= listed
    # The example's values are the defaults, so loading it changes nothing.
    defaults = Settings.load({}, env_file=None)
    values = dict(line.split("=", 1) for line in example.splitlines() if line.startswith("NEWSQA_"))
    assert Settings.load(values, env_file=None) == defaults


@pytest.mark.parametrize(
    ("values", "setting"),
    [
        ({"NEWSQA_TOP_K": "zero"}, "NEWSQA_TOP_K"),
        ({"NEWSQA_MIN_SUPPORT": "2"}, "NEWSQA_MIN_SUPPORT"),
        ({"NEWSQA_DIVERSITY": "maybe"}, "NEWSQA_DIVERSITY"),
        ({"NEWSQA_LLM": "openai"}, "NEWSQA_LLM_MODEL"),
        ({"NEWSQA_CHUNK_OVERLAP": "200"}, "NEWSQA_CHUNK_OVERLAP"),
        ({"NEWSQA_TOPK": "3"}, "NEWSQA_TOPK"),
        ({"NEWSQA_ALLOWED_HOSTS": "https://news.example.org"}, "NEWSQA_ALLOWED_HOSTS"),
        ({"NEWSQA_MAX_HISTORY_MESSAGES": "1"}, "NEWSQA_MAX_HISTORY_MESSAGES"),
    ],
)
def test_a_config_error_names_the_setting_to_change(values: dict[str, str], setting: str):
    with pytest.raises(ConfigError) as raised:
        Settings.load(values, env_file=None)
    assert raised.value.setting == setting and setting in str(raised.value)


def test_allowed_hosts_are_names_in_lower_case():
    hosts = " News.Example.org, 10.0.0.7,[fd00::1]"
    settings = Settings.load({"NEWSQA_ALLOWED_HOSTS": hosts}, env_file=None)
    assert settings.allowed_hosts == ("news.example.org", "10.0.0.7", "[fd00::1]")


def test_secrets_are_not_in_the_printed_settings():
    secrets = {
        "NEWSQA_API_KEYS": "key-one-0123456789abcdef,key-two-0123456789abcdef",
        "NEWSQA_UI_AUTH": "ann:hunter2-password",
        "NEWSQA_LLM_API_KEY": "sk-llm-secret-123",
        "NEWSQA_CHROMA_TOKEN": "chroma-secret-456",
    }
    settings = Settings.load(secrets, env_file=None)
    assert settings.api_keys and settings.ui_auth and settings.llm_api_key
    printed = repr(settings)
    for word in ("key-one", "key-two", "hunter2", "sk-llm", "chroma-secret"):
        assert word not in printed
    assert "top_k=" in printed  # the rest is still shown
