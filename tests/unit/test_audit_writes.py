"""No code that writes the audit trail uses a batch write. BatchWriteItem cannot be conditional, so it could
replace an entry, and the audit table's resource policy denies it in AWS, while moto, which applies no
resource policies, would let it through in every test. Appends are conditional PutItems (or Puts in a
transaction): tests/integration/test_audit_append_only.py shows an existing entry is never replaced."""

import ast

from functions.shared import names

FUNCTIONS_DIR = names.REPOSITORY_ROOT / "functions"
BATCH_WRITES = {"batch_write_item", "batch_writer", "batch_execute_statement"}


def test_no_module_that_touches_the_audit_table_uses_a_batch_write():
    found = []
    for path in sorted(FUNCTIONS_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "audit" not in source.lower():
            continue
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.Attribute) and node.attr in BATCH_WRITES:
                found.append(f"{path.relative_to(names.REPOSITORY_ROOT)}:{node.lineno}: {node.attr}")
            if isinstance(node, ast.Constant) and node.value == "BatchWriteItem":
                found.append(f"{path.relative_to(names.REPOSITORY_ROOT)}:{node.lineno}: BatchWriteItem")
    assert not found, "\n".join(found)
