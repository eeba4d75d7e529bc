"""LL401 sensitive-data-in-log: exact positions for what is reported, ``== []`` for what is not."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from helpers import lint, positions

from loglint.config import load_settings
from loglint.engine import Engine
from loglint.registry import rule_infos
from loglint.rules.secrets import PERSONAL_WORDS, SECRET_WORDS, Vocabulary, label_before, name_parts

STDLIB = """\
import logging
logger = logging.getLogger(__name__)
"""
LOGURU = """\
from loguru import logger
"""
STRUCTLOG = """\
import structlog
logger = structlog.get_logger()
"""


def found(source: str, **kwargs: Any) -> List[Tuple[int, int, str]]:
    return positions(source, "LL401", **kwargs)


def messages(source: str) -> List[str]:
    return [f.message for f in lint(source, "LL401").findings]


def with_options(source: str, options: Dict[str, Any]) -> List[Tuple[int, int, str]]:
    settings = load_settings(cwd=Path.cwd(), rules=rule_infos(), isolated=True, overrides={"select": ("LL401",)})
    settings = dataclasses.replace(settings, rule_options={"sensitive-data-in-log": options})
    result = Engine(settings).lint_text(textwrap.dedent(source), "example.py", "example.py")
    assert not result.errors, result.errors
    return [(f.line, f.column, f.code) for f in result.findings]


# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, parts",
    [
        ("password", ("password",)),
        ("api_key", ("api", "key")),
        ("apiKey", ("api", "key")),
        ("APIKey", ("api", "key")),
        ("HTTPAuthorization", ("http", "authorization")),
        ("password2", ("password",)),
        ("X-Auth-Token", ("x", "auth", "token")),
        ("__secret__", ("secret",)),
    ],
)
def test_name_parts(name: str, parts: Tuple[str, ...]) -> None:
    assert name_parts(name) == parts


VOCABULARY = Vocabulary(SECRET_WORDS, PERSONAL_WORDS)


@pytest.mark.parametrize(
    "name",
    [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key", "apiKey",
        "access_key", "secret_key", "private_key", "client_secret", "credential", "credentials",
        "authorization", "auth", "user_password", "accessToken", "AWS_SECRET_ACCESS_KEY", "refresh_token",
        "db_pwd", "auth_header", "bearerToken",
    ],
)
def test_sensitive_names(name: str) -> None:
    assert VOCABULARY.kind(name_parts(name)) == "secret"


@pytest.mark.parametrize("name", ["ssn", "credit_card", "creditCardNumber", "card_number", "cvv"])
def test_personal_data_names(name: str) -> None:
    assert VOCABULARY.kind(name_parts(name)) == "personal"


@pytest.mark.parametrize(
    "name",
    [
        # a qualifier part: the name is about something else
        "num_tokens", "max_tokens", "token_expiry", "secret_name", "password_hash", "is_secret",
        "token_count", "n_token", "token_len", "token_length", "key_size", "max_token", "min_password_length",
        "password_limit", "token_type", "auth_kind", "secret_id", "access_key_id", "token_ids", "secret_path",
        "password_file", "token_url", "auth_uri", "token_endpoint", "token_expires", "token_expiration",
        "token_ttl", "hashed_password", "password_digest", "masked_token", "redacted_secret", "has_token",
        "auth_enabled", "password_required", "password_policy", "secret_field", "tokenURL", "authType",
        # plural and derived words are other words
        "tokens", "tokenizer", "author", "authored", "secrets", "passwords", "authenticate", "key", "api",
        "access", "private", "card", "credit",
        # a tokenizer's vocabulary
        "pad_token", "eos_token", "bos_token", "unk_token", "sep_token", "cls_token", "mask_token", "padToken",
        # nothing sensitive
        "user", "username", "email", "monkey", "keyboard",
    ],
)
def test_names_not_sensitive(name: str) -> None:
    assert VOCABULARY.kind(name_parts(name)) is None


def test_two_part_words_match_adjacent_parts_only() -> None:
    assert VOCABULARY.kind(name_parts("api_key")) == "secret"
    assert VOCABULARY.kind(name_parts("api_public_key")) is None
    assert VOCABULARY.kind(name_parts("key_api")) is None
    assert VOCABULARY.kind(name_parts("card_holder_number")) is None


@pytest.mark.parametrize(
    "text, label",
    [
        ("password=", "password"),
        ("token: ", "token"),
        ("user=%s api_key=", "api_key"),
        ("Using access token: ", "access token"),
        ('"password": "', "password"),
        ("API key: ", "API key"),
        ("token", None),
        ("token = ", "token"),
        ("x.token=", "token"),
    ],
)
def test_label_before(text: str, label: Any) -> None:
    assert label_before(text, len(text)) == label


# -- stdlib --------------------------------------------------------------------------


def test_stdlib_positional_arguments() -> None:
    src = STDLIB + """\
def login(user, password, api_key, self):
    logger.info("login %s %s", user, password)
    logger.debug("key %s", api_key)
    logger.info("%s", self.client_secret)
    logger.info("%s", settings.DB_PASSWORD)
    logger.info("%r", credentials)
"""
    assert found(src) == [(4, 38, "LL401"), (5, 28, "LL401"), (6, 23, "LL401"), (7, 23, "LL401"), (8, 23, "LL401")]


def test_message_names_the_variable_never_its_value() -> None:
    src = STDLIB + """\
logger.info("%s", self.password)
logger.info("password=%s", "hunter2" + x)
logger.info("%s", card_number)
"""
    assert messages(src) == [
        "`self.password` is written to the log; secrets in logs leak",
        "a value labelled `password` is written to the log; secrets in logs leak",
        "`card_number` is written to the log; personal data in logs leak",
    ]


def test_stdlib_message_formatting() -> None:
    src = STDLIB + """\
logger.info(f"token {token}")
logger.info("pw %s" % password)
logger.info("pw %s %s" % (user, password))
logger.info("pw {}".format(password))
logger.info("pw {pw}".format(pw=password))
logger.info("pw " + password)
logger.info("pw " + str(password) + "!")
logger.info(f"{api_key=}")
"""
    assert found(src) == [
        (3, 22, "LL401"), (4, 23, "LL401"), (5, 33, "LL401"), (6, 28, "LL401"), (7, 33, "LL401"),
        (8, 21, "LL401"), (9, 25, "LL401"), (10, 16, "LL401"),
    ]


def test_stdlib_extra_keys_and_values() -> None:
    src = STDLIB + """\
logger.info("login", extra={"password": pw, "user": user})
logger.info("login", extra={"user": token})
logger.info("login", extra=dict(api_key=k, user=user))
logger.info("login", extra={"password": "***", "token": None, "secret": mask(s), "auth": len(a)})
"""
    assert found(src) == [(3, 29, "LL401"), (4, 37, "LL401"), (5, 33, "LL401")]


def test_subscripts_and_lookups_use_the_key() -> None:
    src = STDLIB + """\
logger.info("%s", request.headers["Authorization"])
logger.info("%s", config["db"]["password"])
logger.info("%s", os.environ.get("API_KEY"))
logger.info("%s", os.getenv("SECRET_KEY", ""))
logger.info("%s", getattr(user, "password"))
logger.info("%s", tokens[0])
logger.info("%s", config["token_url"])
"""
    assert found(src) == [(3, 19, "LL401"), (4, 19, "LL401"), (5, 19, "LL401"), (6, 19, "LL401"), (7, 19, "LL401")]


def test_pass_through_calls_still_leak() -> None:
    src = STDLIB + """\
logger.info("%s", str(token))
logger.info("%s", repr(password))
logger.info("%s", token.decode())
logger.info("%s", password.strip())
"""
    assert found(src) == [(3, 23, "LL401"), (4, 24, "LL401"), (5, 19, "LL401"), (6, 19, "LL401")]


def test_labels_in_the_message() -> None:
    src = STDLIB + """\
logger.info("password=%s", value)
logger.info("user=%s token: %s", user, value)
logger.info("api key: %r", k)
logger.info("Using access token: '%s'", t)
logger.info("%(token)s", {"token": t})
logger.info(f"api_key={k}")
logger.info("Bearer token: " + t)
logger.info("secret=%s" % (v,))
logger.info("Authorization: {}".format(v))
"""
    assert found(src) == [
        (3, 28, "LL401"), (4, 40, "LL401"), (5, 28, "LL401"), (6, 41, "LL401"), (7, 27, "LL401"),
        (8, 24, "LL401"), (9, 32, "LL401"), (10, 28, "LL401"), (11, 40, "LL401"),
    ]


def test_labels_that_do_not_count() -> None:
    src = STDLIB + """\
logger.info("password=%s", mask(value))
logger.info("token: %s", len(tok))
logger.info("token: %s", tok is None)
logger.info("token: %s", "<hidden>")
logger.info("token: %s", None)
logger.info("token: %s", token_type)
logger.info("password=%s", password_hash)
logger.info("token count: %d", n)
logger.info("token type: %s", kind)
logger.info("token: {}", value)
logger.info("tokens: %s", value)
logger.info("token=%s")
logger.info("password reset for %s", user)
logger.info("token: %s", tok[:8])
logger.info("verifying auth token: [%i] %s", status, description)
logger.info("secret: %d", value)
"""
    assert found(src) == []


def test_a_numeric_placeholder_is_no_secret_but_the_string_beside_it_is() -> None:
    src = STDLIB + """\
logger.info("token: %s [%i]", value, status)
logger.info("%i tokens; token: %s", count, value)
"""
    assert found(src) == [(3, 31, "LL401"), (4, 44, "LL401")]


# -- false-positive patterns found on the corpus (homeassistant, salt, scrapy, celery) -----


def test_a_labelled_exception_is_not_the_secret() -> None:
    src = STDLIB + """\
try:
    connect()
except ApiError as failure:
    logger.error("Invalid API key: %s", failure)
    logger.error("Unable to decrypt token: %s", str(failure))
except OAuthError as err:
    logger.debug("Unable to import OAuth2 credentials: %s", err)
logger.error("Error resolving OAuth token: %s", e)
logger.error("Incorrect username or password: %s", exception)
"""
    assert found(src) == []


def test_the_bound_exception_is_not_judged_by_its_name() -> None:
    src = STDLIB + """\
try:
    refresh()
except TokenError as token_error:
    logger.error("refresh failed: %s", token_error)
    logger.error("refresh failed: %s", token)
"""
    assert found(src) == [(7, 40, "LL401")]


def test_in_a_label_the_sensitive_word_must_be_the_noun() -> None:
    src = STDLIB + """\
logger.debug("cleaning expired tokens using token driver: {}".format(driver))
logger.error("clear-auth local handler called for non-auth payload: %s", payload)
logger.warning("Auth Called: %s", stack)
logger.exception("GetTokenInformation pid=%d name=%s", pid, name)
logger.debug("%s: %s seconds remaining on token fresh=%s", name, remain, fresh)
logger.warning("Restoring login from access token failed: %s, %s", status, message)
logger.warning("Login by password failed: %s", status)
logger.error("Device unavailable or token incorrect: %s", status)
logger.debug("Auth error: %s", status)
"""
    assert found(src) == []


def test_auth_in_a_label_names_the_process() -> None:
    src = STDLIB + """\
logger.error("Unexpected OAuth implementation does not support device auth: %s", impl)
logger.debug("Serving %s to %s (auth: %s)", path, remote, authenticated)
logger.error("Error auth user: %s", reason)
"""
    assert found(src) == []


def test_auth_as_a_modifier_is_not_a_credential() -> None:
    src = STDLIB + """\
logger.debug("Found IP list: %s", auth_ip_list)
logger.info("Malformed ACL: %s", auth_list_entry)
logger.warning("Config entry %s", auth_message)
logger.info("%s %s %s", auth_method, auth_backend, oauth_session)
logger.info("%s %s %s", auth, self.auth, basic_auth)
logger.info("%s %s", auth_header, auth_key)
"""
    assert found(src) == [(7, 25, "LL401"), (7, 31, "LL401"), (7, 42, "LL401"), (8, 22, "LL401"), (8, 35, "LL401")]


def test_flags_config_key_names_and_folders() -> None:
    src = STDLIB + """\
logger.debug("Need authorization: %s", need_authorization)
logger.info("Migrate %s to %s in schema", CONF_USERNAME, CONF_API_KEY)
logger.info("Provide '%s'", CONF_ACCESS_TOKEN)
logger.info("%s", ATTR_ACCESS_TOKEN)
logger.debug("Secret retrieved from secrets.yaml in folder %s", secret_dir)
logger.debug("%s %s", use_token, should_refresh_token)
"""
    assert found(src) == []


def test_real_secrets_from_the_corpus_are_still_reported() -> None:
    src = STDLIB + """\
logger.info("Telnet Password: %s", self.password)
logger.debug("connect: %s", (user, password, host, port, sid, mode))
logger.debug("    Authorization: %s", headers["Authorization"])
logger.debug("bimmer_connected: refresh token %s > %s", old_refresh_token, self.account.refresh_token)
logger.debug(str(token))
logger.error("Invalid Start.ca API key: %s", apikey)
"""
    assert found(src) == [
        (3, 36, "LL401"), (4, 36, "LL401"), (5, 39, "LL401"), (6, 57, "LL401"), (6, 76, "LL401"),
        (7, 18, "LL401"), (8, 46, "LL401"),
    ]


def test_redaction_and_summaries_are_not_reported() -> None:
    src = STDLIB + """\
logger.info("%s", len(token))
logger.info("%s", bool(password))
logger.info("%s", type(secret))
logger.info("%s", hash(api_key))
logger.info("%s", mask(token))
logger.info("%s", redact_secret(password))
logger.info("%s", utils.obfuscate(api_key))
logger.info("%s", sanitize(token), sanitise(token), scrub(token))
logger.info("%s", mask_token(token))
logger.info("%s", token is None)
logger.info("%s", password == other)
logger.info("%s", not token)
logger.info("%s", token[:8])
logger.info(f"{len(password)} {token is not None}")
"""
    assert found(src) == []


def test_not_reported_names_on_stdlib() -> None:
    src = STDLIB + """\
logger.info("%s %s %s", num_tokens, max_tokens, token_expiry)
logger.info("%s %s %s", secret_name, password_hash, is_secret)
logger.info("%s %s %s", tokens, tokenizer, author)
logger.info("%s %s %s %s", pad_token, eos_token, tokenizer.bos_token, self.unk_token)
logger.info("%s %s %s", sep_token, cls_token, mask_token)
logger.info(f"{num_tokens} {self.max_tokens} {usage['total_tokens']}")
logger.info("%s", authored)
"""
    assert found(src) == []


def test_stdlib_keywords_are_not_data() -> None:
    src = STDLIB + """\
logger.info("x", exc_info=token, stack_info=True, stacklevel=2)
"""
    assert found(src) == []


# -- loguru --------------------------------------------------------------------------


def test_loguru_arguments_and_keywords() -> None:
    src = LOGURU + """\
logger.info("login {}", password)
logger.info("login {user}", user=user, token=tok)
logger.info("token: {}", value)
logger.info("key: {k}", k=value)
logger.opt(lazy=True).debug("{}", lambda: api_key)
logger.info(f"secret {secret}")
"""
    assert found(src) == [(2, 25, "LL401"), (3, 40, "LL401"), (4, 26, "LL401"), (6, 43, "LL401"), (7, 23, "LL401")]


def test_loguru_bind_and_contextualize() -> None:
    src = LOGURU + """\
log = logger.bind(user=user, api_key=key)
with logger.contextualize(token=token):
    pass
logger.bind(request_id=rid).info("x")
"""
    assert found(src) == [(2, 30, "LL401"), (3, 27, "LL401")]


def test_loguru_not_reported() -> None:
    src = LOGURU + """\
logger.info("{} {}", num_tokens, max_tokens)
logger.info("used {n}", n=len(tokens), token_count=3, is_secret=False)
logger.bind(pad_token=pad_token, token_expiry=exp).info("x")
logger.info("token: {}", mask(token))
with logger.contextualize(has_token=token is not None):
    pass
"""
    assert found(src) == []


# -- structlog -----------------------------------------------------------------------


def test_structlog_keywords() -> None:
    src = STRUCTLOG + """\
logger.info("login", user=user, password=pw)
logger.info("login", creds=credentials)
logger.msg("login", headers={"Authorization": h})
logger.info("login", **kwargs)
"""
    assert found(src) == [(3, 33, "LL401"), (4, 28, "LL401"), (5, 30, "LL401")]


def test_structlog_bind_new_and_contextvars() -> None:
    src = STRUCTLOG + """\
from structlog.contextvars import bind_contextvars
log = logger.bind(token=t)
log = logger.new(user=u, secret=s)
bind_contextvars(api_key=k)
structlog.contextvars.bind_contextvars(password=p)
"""
    assert found(src) == [(4, 19, "LL401"), (5, 26, "LL401"), (6, 18, "LL401"), (7, 40, "LL401")]


def test_structlog_bind_on_a_logger_assigned_below() -> None:
    src = """\
import structlog

def handler(token):
    request_log.bind(token=token)

request_log = structlog.get_logger()
"""
    assert found(src) == [(4, 22, "LL401")]


def test_structlog_not_reported() -> None:
    src = STRUCTLOG + """\
logger.info("usage", num_tokens=n, max_tokens=m, token_expiry=e, secret_name=s)
logger.info("usage", password_hash=h, is_secret=True, tokens=t, tokenizer=tk, author=a)
logger.info("usage", pad_token=p, token=len(token), auth=None, password="<redacted>")
logger.bind(eos_token=e, has_password=p is not None)
"""
    assert found(src) == []


def test_bind_on_things_that_are_not_loggers() -> None:
    src = """\
import logging
import socket
sock = socket.socket()
sock.bind(token=1)
functools.partial(f).bind(password=x)
logging.getLogger(__name__).bind(token=1)
"""
    assert found(src) == []


# -- options -------------------------------------------------------------------------


def test_extend_names() -> None:
    src = STDLIB + """\
logger.info("%s %s %s", otp, session_key, session_key_id)
"""
    assert with_options(src, {"extend-names": ["otp", "session_key"]}) == [(3, 25, "LL401"), (3, 30, "LL401")]


def test_allow_names() -> None:
    src = STDLIB + """\
logger.info("%s %s %s", public_token, self.public_token, password)
"""
    assert with_options(src, {"allow-names": ["public_token"]}) == [(3, 58, "LL401")]


def test_redaction_functions() -> None:
    src = STDLIB + """\
logger.info("%s %s %s", shorten(token), util.fingerprint(api_key), other(secret))
"""
    assert with_options(src, {"redaction-functions": ["shorten", "util.fingerprint"]}) == [(3, 74, "LL401")]
    assert with_options(src, {}) == [(3, 33, "LL401"), (3, 58, "LL401"), (3, 74, "LL401")]


def test_redaction_functions_under_a_sensitive_key() -> None:
    src = STRUCTLOG + """\
logger.info("x", token=shorten(t), password=other(p))
"""
    assert with_options(src, {"redaction-functions": ["shorten"]}) == [(3, 36, "LL401")]


def test_calls_pass_their_arguments_on() -> None:
    src = STDLIB + """\
logger.info("%s", json.dumps(credentials))
logger.info("%s", build_url(host, token=token))
logger.info("%s", isinstance(token, str))
"""
    assert found(src) == [(3, 30, "LL401"), (4, 41, "LL401")]


def test_noqa() -> None:
    src = STDLIB + """\
logger.info("%s", password)  # noqa: LL401
"""
    assert found(src) == []


def test_positions_in_calls_spanning_lines() -> None:
    src = STDLIB + """\
def handler(secret, api_key):
    if secret:
        logger.error(
            "Received push with invalid push secret: %s", secret
        )
    logger.debug(
        "Leveling API key usage (%s): %s consumers",
        api_key,
        consumers,
    )
"""
    assert found(src) == [(6, 59, "LL401"), (10, 9, "LL401")]


NOT_REPORTED = [
    "num_tokens", "max_tokens", "token_expiry", "secret_name", "password_hash", "is_secret", "tokens",
    "tokenizer", "author", "authored", "pad_token", "eos_token", "bos_token", "unk_token", "sep_token",
    "cls_token", "mask_token", "len(token)", "bool(password)", "type(secret)", "hash(api_key)", "mask(token)",
    "redact(password)", "obfuscate(secret)", "sanitize(token)", "sanitise(token)", "scrub(token)",
    "token is None", "password == confirm", "self.max_tokens", "usage['total_tokens']", "token[:4]",
]
HEADS = {"stdlib": STDLIB, "loguru": LOGURU, "structlog": STRUCTLOG}


@pytest.mark.parametrize("library", sorted(HEADS))
@pytest.mark.parametrize("expr", NOT_REPORTED)
def test_not_reported_as_an_argument(library: str, expr: str) -> None:
    placeholder = "{}" if library == "loguru" else "%s"
    src = HEADS[library] + f'logger.info("value {placeholder}", {expr})\nlogger.info(f"value {{{expr}}}")\n'
    assert found(src) == []


@pytest.mark.parametrize("library", ["loguru", "structlog"])
@pytest.mark.parametrize("expr", NOT_REPORTED)
def test_not_reported_as_a_keyword_value(library: str, expr: str) -> None:
    src = HEADS[library] + f"logger.info('value', value={expr})\nlogger.bind(value={expr})\n"
    assert found(src) == []


@pytest.mark.parametrize("key", [name for name in NOT_REPORTED if name.isidentifier()])
@pytest.mark.parametrize("library", ["loguru", "structlog"])
def test_not_reported_as_a_key(library: str, key: str) -> None:
    src = HEADS[library] + f"logger.info('value', {key}=value)\nlogger.bind({key}=value)\n"
    assert found(src) == []


@pytest.mark.parametrize("library", sorted(HEADS))
def test_reported_on_every_library(library: str) -> None:
    placeholder = "{}" if library == "loguru" else "%s"
    src = HEADS[library] + f'logger.info("value {placeholder}", password)\nlogger.info(f"{{api_key}}")\n'
    line = HEADS[library].count("\n") + 1
    assert found(src) == [(line, 25, "LL401"), (line + 1, 16, "LL401")]


# -- tokens of text, qualifiers found on packages never tuned on ---------------------------


@pytest.mark.parametrize(
    "name",
    [
        "token_types", "secret_names", "password_files", "token_scope", "token_usage", "token_prefix",
        "total_token_for_llm_B", "first_token", "new_token", "next_token", "token_for_llm", "req_auth", "plugin_auth",
        "token_start", "token_end", "token_req_host", "password_domain", "token_issuer",
    ],
)
def test_more_names_not_sensitive(name: str) -> None:
    assert VOCABULARY.kind(name_parts(name)) is None


@pytest.mark.parametrize("name", ["basic_auth", "proxy_auth", "access_token", "refresh_token", "api_token", "session_token", "bearer_token"])
def test_credential_tokens_and_auths(name: str) -> None:
    assert VOCABULARY.kind(name_parts(name)) == "secret"
    assert VOCABULARY.kind(name_parts(name), text_tokens=True) == "secret"


def test_bare_token_where_text_is_tokenized() -> None:
    assert VOCABULARY.kind(("token",), text_tokens=True) is None
    assert VOCABULARY.kind(("token",)) == "secret"


def test_token_of_text_in_a_message_about_streams_or_models() -> None:
    src = STDLIB + """\
def stream(chunks, first_token):
    for token in chunks:
        logger.debug("streamed token: %s", token)
        logger.debug("first_token=%s", first_token)
    logger.debug("model produced token %s", token)
logger.info("next_token=%s", next_token)
"""
    assert found(src) == []


def test_token_in_a_file_that_tokenizes_text() -> None:
    src = "from transformers import AutoTokenizer\n" + STDLIB + 'logger.debug("token %s", token)\n'
    assert found(src) == []
    assert found(STDLIB + 'logger.debug("token %s", token)\n') == [(3, 26, "LL401")]
    assert found(STDLIB + 'logger.debug("token %s", token)\n', path="pkg/tokenizer/io.py") == []


@pytest.mark.parametrize("name", ["token_int", "token_list", "discrete_token_layers", "batch_token", "self.token_embedding"])
def test_compound_token_where_text_is_tokenized(name: str) -> None:
    # A speech model's decoded token ids, its vocabulary, a batch limit in tokens.
    src = "import torch\n" + STDLIB + f'logger.info("decoded: %s", {name})\n'
    assert found(src) == []
    assert VOCABULARY.kind(name_parts(name.rsplit(".", 1)[-1]), text_tokens=True) is None


@pytest.mark.parametrize("name", ["hf_token", "github_token", "bot_token", "token_header", "user_token"])
def test_credential_part_where_text_is_tokenized(name: str) -> None:
    src = "import torch\n" + STDLIB + f'logger.info("using %s", {name})\n'
    assert found(src) == [(4, 25, "LL401")]


def test_credential_token_where_text_is_tokenized() -> None:
    # Credential words in the message, or a credential part in the name, win over the file's tokenizer.
    src = "import openai\n" + STDLIB + """\
logger.debug("Authorization header token: %s", token)
logger.debug("access_token=%s", access_token)
logger.info("Bearer token: " + token)
logger.info("login with %s", token)
"""
    assert found(src) == [(4, 48, "LL401"), (5, 33, "LL401"), (6, 32, "LL401"), (7, 30, "LL401")]


def test_a_stream_of_bytes_is_no_text() -> None:
    # An HTTP stream's error names the session token: still reported.
    src = STDLIB + 'logger.debug("Stream error %s / %s: %s", token, path, err)\n'
    assert found(src) == [(3, 42, "LL401")]


def test_conditional_that_cannot_carry_the_value() -> None:
    src = STDLIB + """\
logger.info("token=%s", "set" if token else "unset")
logger.info("password: %s", None if password is None else "***")
logger.info("token=%s", token if debug else "***")
"""
    assert found(src) == [(5, 25, "LL401")]
