// Estimative words in the languages the lint reads besides English (English's are in estimative.ts).
// Each band lists phrases and the likelihood terms they fit, as indexes into LIKELIHOODS (0 almost no
// chance … 6 almost certain). As in English: a notch away still fits, bare hedges (could, perhaps) fit
// anything short of the extremes, negated phrases are listed whole, and the longest phrase wins. Words
// too common in other senses (fr "peut", nl "kan", uk "може", "точно", de "kaum") are left out.

/** One language's estimative vocabulary and its qualifiers of appearance and time. */
export interface EstimativeLanguage {
  bands: Array<[words: string[], low: number, high: number]>;
  qualifiers: string[];
}

export const ESTIMATIVE_LANGUAGES: Record<string, EstimativeLanguage> = {
  fr: {
    bands: [
      [["presque aucune chance", "aucune chance", "quasiment exclu", "presque certainement pas"], 0, 0],
      [["certainement pas", "sûrement pas"], 0, 1],
      [["très peu probable", "hautement improbable", "extrêmement improbable", "quasiment impossible"], 0, 1],
      [["peu probable", "improbable", "probablement pas", "douteux", "peu vraisemblable"], 1, 2],
      [["chances égales", "chances à peu près égales", "une chance sur deux", "cinquante-cinquante"], 3, 3],
      [["probablement", "probable", "vraisemblablement", "vraisemblable"], 4, 5],
      [
        ["très probable", "très probablement", "hautement probable", "fort probable", "fort probablement"],
        5,
        6,
      ],
      [
        [
          "presque certain",
          "presque certaine",
          "presque certainement",
          "quasi certain",
          "quasiment certain",
          "certainement",
          "sans aucun doute",
          "assurément",
          "indubitablement",
        ],
        6,
        6,
      ],
      [["pourrait", "pourraient", "peut-être", "possible", "possiblement", "éventuellement"], 1, 5],
    ],
    qualifiers: [
      "semble",
      "semblent",
      "paraît",
      "apparemment",
      "pour l'instant",
      "pour le moment",
      "jusqu'ici",
      "à ce jour",
      "pas encore",
      "incertain",
    ],
  },
  de: {
    bands: [
      [
        [
          "nahezu ausgeschlossen",
          "praktisch ausgeschlossen",
          "so gut wie ausgeschlossen",
          "fast sicher nicht",
        ],
        0,
        0,
      ],
      [["sicher nicht", "keinesfalls", "auf keinen Fall"], 0, 1],
      [["sehr unwahrscheinlich", "höchst unwahrscheinlich", "äußerst unwahrscheinlich"], 0, 1],
      [["unwahrscheinlich", "wahrscheinlich nicht", "zweifelhaft", "fraglich"], 1, 2],
      [["etwa gleich wahrscheinlich", "gleich wahrscheinlich", "fifty-fifty"], 3, 3],
      [["wahrscheinlich", "vermutlich", "voraussichtlich", "eher wahrscheinlich"], 4, 5],
      [["sehr wahrscheinlich", "höchst wahrscheinlich", "höchstwahrscheinlich", "hochwahrscheinlich"], 5, 6],
      [
        [
          "nahezu sicher",
          "fast sicher",
          "so gut wie sicher",
          "mit Sicherheit",
          "zweifellos",
          "sicherlich",
          "gewiss",
          "definitiv",
        ],
        6,
        6,
      ],
      [["könnte", "könnten", "möglicherweise", "vielleicht", "eventuell", "womöglich", "denkbar"], 1, 5],
    ],
    qualifiers: [
      "scheint",
      "scheinen",
      "anscheinend",
      "bislang",
      "bisher",
      "derzeit",
      "vorerst",
      "noch nicht",
      "unklar",
    ],
  },
  nl: {
    bands: [
      [["vrijwel uitgesloten", "nagenoeg uitgesloten", "vrijwel zeker niet"], 0, 0],
      [["zeker niet", "beslist niet"], 0, 1],
      [["zeer onwaarschijnlijk", "hoogst onwaarschijnlijk", "uiterst onwaarschijnlijk"], 0, 1],
      [["onwaarschijnlijk", "waarschijnlijk niet", "twijfelachtig"], 1, 2],
      [["ongeveer even waarschijnlijk", "even waarschijnlijk", "fifty-fifty"], 3, 3],
      [["waarschijnlijk", "vermoedelijk", "naar verwachting"], 4, 5],
      [["zeer waarschijnlijk", "hoogstwaarschijnlijk", "hoogst waarschijnlijk"], 5, 6],
      [["vrijwel zeker", "nagenoeg zeker", "zeker", "ongetwijfeld", "beslist", "stellig"], 6, 6],
      [["zou kunnen", "zouden kunnen", "mogelijk", "misschien", "wellicht", "eventueel"], 1, 5],
    ],
    qualifiers: [
      "lijkt",
      "lijken",
      "schijnt",
      "ogenschijnlijk",
      "vooralsnog",
      "tot nu toe",
      "voorlopig",
      "nog niet",
      "onduidelijk",
    ],
  },
  uk: {
    bands: [
      [["майже неможливо", "майже виключено", "практично виключено", "майже напевно ні"], 0, 0],
      [["напевно ні", "точно ні"], 0, 1],
      [["дуже малоймовірно", "вкрай малоймовірно", "дуже маловірогідно"], 0, 1],
      [
        [
          "малоймовірно",
          "малоймовірний",
          "малоймовірна",
          "маловірогідно",
          "навряд чи",
          "сумнівно",
          "ймовірно ні",
        ],
        1,
        2,
      ],
      [["приблизно рівні шанси", "рівні шанси", "п'ятдесят на п'ятдесят"], 3, 3],
      [["ймовірно", "імовірно", "вірогідно", "ймовірний", "ймовірна", "ймовірне"], 4, 5],
      [["дуже ймовірно", "дуже імовірно", "найімовірніше", "найпевніше", "високоймовірно"], 5, 6],
      // "напевно" is "surely" and, in speech, "probably": it fits either.
      [["напевно"], 4, 6],
      [["майже напевно", "майже певно", "безсумнівно", "без сумніву", "безумовно"], 6, 6],
      [["можливо", "мабуть", "міг би", "могла б", "могли б", "могло б"], 1, 5],
    ],
    qualifiers: ["схоже", "здається", "поки що", "наразі", "досі", "ще не", "незрозуміло", "неясно"],
  },
};
