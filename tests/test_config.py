"""Configuration discovery and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from critic.config import Config, config_for, find_config, from_table, load_config
from critic.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_nothing_found(tmp_path):
    resume = write(tmp_path / "a" / "resume.txt", "x")
    # tmp dirs sit under the system temp folder, which holds no critic config
    assert find_config(resume.parent) is None
    cfg = config_for(resume)
    assert cfg == Config()
    assert cfg.fail_on == "error" and cfg.min_severity == "info" and cfg.select is None


def test_nearest_config_wins_walking_up(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.critic]\nignore = ["missing-trade-off"]\n')
    write(tmp_path / "cohort" / ".critic.toml", 'fail-on = "warning"\n')
    deep = write(tmp_path / "cohort" / "alex" / "resume.txt", "x")
    top = write(tmp_path / "other" / "resume.txt", "x")
    assert find_config(deep.parent) == tmp_path / "cohort" / ".critic.toml"
    assert config_for(deep).fail_on == "warning"
    assert config_for(deep).ignore == ()  # nearest wins; configs are not merged
    assert config_for(top).ignore == ("missing-trade-off",)


def test_pyproject_without_tool_critic_is_skipped(tmp_path):
    write(tmp_path / ".critic.toml", 'min-severity = "warning"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    f = write(tmp_path / "sub" / "cv.md", "x")
    assert find_config(f.parent) == tmp_path / ".critic.toml"
    assert config_for(f).min_severity == "warning"


def test_dot_file_beats_pyproject_in_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.critic]\nfail-on = "info"\n')
    write(tmp_path / ".critic.toml", 'fail-on = "none"\n')
    assert config_for(write(tmp_path / "r.txt", "x")).fail_on == "none"


def test_all_keys_parse_and_folders_resolve_relative_to_the_file(tmp_path):
    (tmp_path / "pack" / "rules").mkdir(parents=True)
    (tmp_path / "pack" / "lexicons").mkdir(parents=True)
    cfg_file = write(tmp_path / "pyproject.toml", """
[tool.critic]
select = ["missing-quantification", "black-box-language"]
ignore = ["missing-trade-off"]
fail-on = "Warning"
min_severity = "warning"
rule-dirs = ["pack/rules"]
lexicon-dirs = ["pack/lexicons"]
spacy-model = "en_core_web_sm"

[tool.critic.severity]
missing-quantification = "error"

[tool.critic.limits]
timeout = 5
memory = 512
max-pages = 3
max-mb = 1.5
""")
    cfg = load_config(cfg_file)
    assert cfg.path == cfg_file
    assert cfg.select == ("missing-quantification", "black-box-language")
    assert cfg.ignore == ("missing-trade-off",)
    assert cfg.fail_on == "warning" and cfg.min_severity == "warning"
    assert cfg.rule_dirs == ((tmp_path / "pack" / "rules").resolve(),)
    assert cfg.lexicon_dirs == ((tmp_path / "pack" / "lexicons").resolve(),)
    assert cfg.severity == {"missing-quantification": "error"}
    assert cfg.spacy_model == "en_core_web_sm"
    limits = cfg.parse_limits()
    assert (limits.timeout_s, limits.memory_mb, limits.max_pages, limits.max_mb) == (5.0, 512, 3, 1.5)


@pytest.mark.parametrize(("table", "needle"), [
    ({"selct": ["x"]}, "selct: unknown key"),
    ({"limits": {"pages": 3}}, "limits.pages: unknown key"),
    ({"fail-on": "fatal"}, "fail-on: expected one of"),
    ({"severity": {"missing-trade-off": "high"}}, "severity.missing-trade-off"),
    ({"select": "x", "ignore": [1]}, "ignore: expected a list of strings"),
    ({"limits": {"timeout": -1}}, "limits.timeout: expected a positive number"),
    ({"rule-dirs": ["nope"]}, "rule-dirs: folder 'nope' does not exist"),
])
def test_bad_keys_and_values_name_the_file_and_key(tmp_path, table, needle):
    path = tmp_path / ".critic.toml"
    with pytest.raises(ConfigError) as exc:
        from_table(table, path)
    assert str(path) in str(exc.value)
    assert needle in str(exc.value)


def test_invalid_toml_and_missing_table(tmp_path):
    bad = write(tmp_path / ".critic.toml", "select = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    plain = write(tmp_path / "x" / "pyproject.toml", "[project]\nname='x'\n")
    with pytest.raises(ConfigError, match=r"no \[tool.critic\] table"):
        load_config(plain)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.toml")


def test_merged_overrides_only_given_fields():
    cfg = Config(ignore=("a",), fail_on="warning")
    out = cfg.merged(fail_on=None, min_severity="error")
    assert out.fail_on == "warning" and out.min_severity == "error" and out.ignore == ("a",)
    assert cfg.min_severity == "info"


def test_config_errors_carry_the_file_key_and_rule(tmp_path):
    path = tmp_path / ".critic.toml"
    with pytest.raises(ConfigError) as exc:
        from_table({"severity": {"missing-trade-off": "high"}}, path)
    assert (exc.value.path, exc.value.key, exc.value.rule) == (str(path), "severity.missing-trade-off",
                                                               "missing-trade-off")
    with pytest.raises(ConfigError) as exc:
        from_table({"fail-on": "fatal"}, path)
    assert (exc.value.path, exc.value.key, exc.value.rule) == (str(path), "fail-on", None)


def test_engine_errors_name_the_config_file_and_keep_their_fields(tmp_path):
    from critic.api import engine_for

    cfg = load_config(write(tmp_path / ".critic.toml", 'select = ["no-such-rule"]\n'))
    with pytest.raises(ConfigError) as exc:
        engine_for(cfg)
    assert str(exc.value).startswith(f"{cfg.path}: select: unknown rule 'no-such-rule'")
    assert (exc.value.path, exc.value.key, exc.value.rule) == (str(cfg.path), "select", "no-such-rule")
    with pytest.raises(ConfigError) as exc:
        engine_for(Config(select=("no-such-rule",)))  # no file: the engine's own error
    assert (exc.value.path, exc.value.key, exc.value.rule) == (None, "select", "no-such-rule")
