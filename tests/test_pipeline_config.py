"""A pipeline built from a configuration file, with one stage swapped (issue #16)."""

from __future__ import annotations

import pytest

from dotterel.components import DEFAULT_COMPONENTS
from dotterel.errors import ConfigError
from dotterel.pipeline import Pipeline, PipelineConfig


def _swapped_components() -> list[str]:
    return [
        "test_status_everything_hypothetical" if name == "dotterel_status" else name
        for name in DEFAULT_COMPONENTS
    ]


def _write_config(tmp_path, components: list[str]) -> str:
    listed = ", ".join(f'"{c}"' for c in components)
    path = tmp_path / "pipeline.toml"
    path.write_text(
        "[pipeline]\n"
        f"components = [{listed}]\n"
        'modules = ["tests.swapped_status"]\n'
        "batch_size = 4\n\n"
        "[components.dotterel_places]\n"
        "min_city_population = 1000\n",
        "utf-8",
    )
    return str(path)


def test_config_file_sets_components_and_their_settings(tmp_path):
    config = PipelineConfig.from_file(_write_config(tmp_path, _swapped_components()))
    assert config.components == tuple(_swapped_components())
    assert config.batch_size == 4
    assert config.component_config["dotterel_places"] == {"min_city_population": 1000}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[pipeline]\ncolour = 'red'\n", "unknown setting"),
        ("[pipeline]\nmodules = ['no_such_module_here']\n", "cannot import module"),
        ("[pipeline\n", "cannot read"),
    ],
)
def test_bad_config_files_are_config_errors(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=message):
        PipelineConfig.from_file(path)


def test_missing_config_file_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml"):
        PipelineConfig.from_file(tmp_path / "nope.toml")


@pytest.mark.model
def test_pipeline_from_config_runs_the_swapped_stage(tmp_path):
    pipeline = Pipeline(PipelineConfig.from_file(_write_config(tmp_path, _swapped_components())))
    names = [name for name, _ in pipeline.nlp.pipeline]
    assert "test_status_everything_hypothetical" in names and "dotterel_status" not in names
    events = pipeline.extract("Rebels attacked a police post in Lagos. Police arrested 40 protesters.")
    assert len(events) >= 2
    assert {(e.status, e.status_cue) for e in events} == {("hypothetical", "swapped")}
