"""Names of fixed-combination products after a combination cue: 'as <Name>', 'called', 'named', 'known as'.
The sentences are written for this test (the agent is 'Drugq')."""

from __future__ import annotations

import pytest

from test_extract_structure import facts


@pytest.mark.parametrize(
    "sentence,brands,combination",
    [
        ("Drugq is also available in combination with otherdrug as Combiq.", [], ["Combiq"]),
        ("Drugq is available in combination with otherdrug as Combiq and with thirddrug as Triq.", [],
         ["Combiq", "Triq"]),
        ("Drugq is also available in a combination tablet with otherdrug called Combiq.", [], ["Combiq"]),
        ("Drugq is also available as a fixed-dose combination with otherdrug known as Combiq.", [], ["Combiq"]),
        # the drug's own brand before the combination stays the drug's
        ("Drugq is available in tablets under the brand name Soloq, and in combination with otherdrug as Combiq.",
         ["Soloq"], ["Combiq"]),
        # a role after 'as' is no product; nor is the drug's own name
        ("Drugq is used in combination with other agents as First line therapy.", [], []),
        ("Drugq is available in combination with otherdrug as Drugq tablets.", [], []),
        # 'coformulated with' is a combination cue; 'combined with' is not (often a regimen)
        ("Drugq is also coformulated with otherdrug as Combiq.", [], ["Combiq"]),
        ("Drugq is also available coformulated with otherdrug under the brand name Combiq.", [], ["Combiq"]),
        ("Drugq is often combined with otherdrug (Otherex) to boost its levels.", [], []),
        # a name in brackets, a name right after 'combination product', a name in apposition to a combination
        ("Drugq is also available in combination with otherdrug [Combiq] and with thirddrug [Triq].", [],
         ["Combiq", "Triq"]),
        ("Drugq is a component of the combination product Combiq.", [], ["Combiq"]),
        ("Combiq, a fixed combination of drugq and otherdrug, was approved in 2010.", [], ["Combiq"]),
        ("Drugq, a fixed combination of two agents, was approved in 2010.", [], []),
    ],
)
def test_combination_named_as(sentence, brands, combination):
    assert (facts(sentence, "brand_names") or []) == brands
    assert (facts(sentence, "combination_brand_names") or []) == combination
