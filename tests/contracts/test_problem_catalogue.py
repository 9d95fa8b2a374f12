"""One catalogue of codes (clinic_contracts.problem_codes), which the services, the pages and the
gateway's OpenAPI all keep to: a code produced anywhere is in it, a code in it is produced
somewhere, problems.js explains exactly the codes it says have a sentence, and the OpenAPI examples
have the catalogue's status.

"Produced" is read from the source, statically: the code given to whatever raises or builds a
problem (`RAISERS`, with `@rule(code, says)`), a rule's `code = "..."`, a `code="..."` argument,
the keys of an `Example.table`, and the framework's `_FRAMEWORK_CODES`. A code made from parts
(`f"{kind}-not-found"`) is a family: each family must have a member in the catalogue, and its
members count as produced."""

import ast
import re
from pathlib import Path

from clinic_contracts.events import RefusalReason
from clinic_contracts.problem_codes import PROBLEM_CODES, REFUSAL_CODES
from clinic_settings.domain.one_time_links import LinkPurpose, LinkRefused, LinkStatus
from servicekit.problems import PROBLEM_MEDIA_TYPE
from tests.gateway.gateway_api import offline_gateway_app

ROOT = Path(__file__).resolve().parents[2]
PROBLEMS_JS = ROOT / "services/gateway/src/clinic_gateway/pages/assets/problems.js"
KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")
# Callables that take a code, and the position of their code argument.
RAISERS = {
    "Problem": 1,
    "Example": 1,
    "of": 0,  # Example.of, for a catalogued code
    "refused": 0,
    "forbidden": 0,
    "SettingsRuleBroken": 0,
    "SettingsConflict": 0,
    "InvalidRequest": 0,
    "ScheduleRejected": 0,
    "TransitionRefused": 0,
    "rule": 0,  # @rule(code, says), the request service's business rules
}
# Codes the pages make themselves, for answers that never came or could not be read.
PAGES_OWN = {"network-error", "unreadable-answer"}


def _code(node: ast.AST, codes: set[str], families: set[str]) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEBAB.fullmatch(node.value):
        codes.add(node.value)
    elif isinstance(node, ast.JoinedStr):
        parts = (re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z-]+" for part in node.values)
        families.add("".join(parts))


def produced() -> tuple[set[str], set[str]]:
    """The codes the services' source gives, and the families (patterns) of those made from parts."""
    codes: set[str] = set()
    families: set[str] = set()
    for path in ROOT.glob("services/*/src/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in RAISERS and len(node.args) > RAISERS[name]:
                    _code(node.args[RAISERS[name]], codes, families)
                if name == "table" and node.args and isinstance(node.args[0], ast.Dict):
                    for key in node.args[0].keys:  # Example.table({code: detail, ...})
                        _code(key, codes, families)
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        _code(keyword.value, codes, families)
            elif isinstance(node, ast.Assign):
                names = {getattr(target, "id", "") for target in node.targets}
                if "code" in names:
                    _code(node.value, codes, families)
                if "_FRAMEWORK_CODES" in names:
                    for value in node.value.values:
                        _code(value, codes, families)
    # A link's code is its purpose and its state, both enumerations: every pair is a code.
    # A link's code is made of its purpose and why it cannot be used: every such pair is a code.
    refusals = (None, LinkStatus.ACCEPTED, LinkStatus.EXPIRED, LinkStatus.REVOKED)
    codes |= {LinkRefused(purpose, why).code for purpose in LinkPurpose for why in refusals}
    families.discard("[a-z-]+\\-[a-z-]+")
    return codes, families


def test_every_code_produced_is_in_the_catalogue_and_every_catalogued_code_is_produced() -> None:
    codes, families = produced()
    catalogued = set(PROBLEM_CODES)
    assert len(codes) > 100, "the scan still finds the services' codes"
    assert codes - catalogued - REFUSAL_CODES == set(), "produced, but not in clinic_contracts/problem_codes.py"
    unmatched = {family for family in families if not any(re.fullmatch(family, code) for code in catalogued)}
    assert unmatched == set(), "a family of codes without one member in the catalogue"
    in_family = {code for code in catalogued if any(re.fullmatch(family, code) for family in families)}
    assert catalogued - codes - in_family - REFUSAL_CODES == set(), "catalogued, but produced nowhere"


def test_refusal_codes_are_the_refusal_reasons_in_kebab_case() -> None:
    assert REFUSAL_CODES == {reason.value for reason in RefusalReason}
    assert all(KEBAB.fullmatch(code) for code in REFUSAL_CODES | set(PROBLEM_CODES))


def sentences_in_problems_js() -> tuple[set[str], list[str]]:
    source = PROBLEMS_JS.read_text()
    block = source[source.index("const SENTENCES = {") : source.index("\n};", source.index("const SENTENCES"))]
    keys = set(re.findall(r'^  "?([a-z][a-z-]*)"?:', block, re.MULTILINE))
    patterns_block = source[source.index("const PATTERNS = [") : source.index("\n];", source.index("const PATTERNS"))]
    patterns = re.findall(r"\[/(.+?)/,", patterns_block)
    return keys, patterns


def test_problems_js_explains_exactly_the_codes_the_catalogue_says_it_does() -> None:
    keys, patterns = sentences_in_problems_js()
    assert len(keys) > 50 and patterns
    explained = {code for code in PROBLEM_CODES if code in keys or any(re.search(p, code) for p in patterns)}
    with_sentence = {code for code, entry in PROBLEM_CODES.items() if entry.sentence}
    assert with_sentence - explained == set(), "catalogued with a sentence, but problems.js has none"
    assert explained - with_sentence == set(), "problems.js explains it: mark it sentence=True"
    assert keys - set(PROBLEM_CODES) - PAGES_OWN == set(), "problems.js explains a code nothing produces"


def test_the_openapi_examples_have_the_catalogues_status() -> None:
    openapi = offline_gateway_app().openapi()
    examples = [
        (code, example["value"])
        for by_method in openapi["paths"].values()
        for operation in by_method.values()
        for response in operation.get("responses", {}).values()
        for code, example in response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {}).get("examples", {}).items()
    ]
    assert len(examples) > 200
    wrong = {(code, value["status"]) for code, value in examples if PROBLEM_CODES[code].status != value["status"]}
    assert wrong == set()
    reasons = {value["reason_code"] for _, value in examples if "reason_code" in value}
    assert reasons and reasons <= REFUSAL_CODES
