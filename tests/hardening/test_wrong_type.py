"""A value of the wrong kind (text where a list belongs) names the key and what it got."""
from .harness import where


def test_text_where_a_list_belongs(sandbox):
    text = sandbox.fixture("wrong-type.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, '301-496-5751')} contacts.blocks[0].organization.phones: must be a list, not the text '301-496-5751'",
        before=before,
    )


def test_list_where_text_belongs(sandbox):
    text = sandbox.minimal().replace("title: Sample", "title: [Sample, Two]")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{where(path, text, '[Sample')} meta.title: must be text, not a list", before=before)
