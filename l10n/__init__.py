"""l10n: an offline localisation workflow.

The data flow is a straight line, one module a step:

    source page  --formats/-->  segments  --extract-->  template (.pot)
    --update-->  catalogue (.po)  --pretranslate-->  machine translation
    --(review in webui/)-->  --checks-->  --export-->  localised page

`states` defines the review states every step reads from the PO files.
"""

__version__ = "0.1.0"
