"""Where each rendering comes from: the evidence behind the glossary's forms.

- `evidence`: evidence.csv, the reviewer's record (a form, the page it was read on,
  its date, a few words of it), read and held against the glossary;
- `registers`: what kind of source a page is (central government, news, congress
  report or speech, local government), from its address;
- `variants`: every rendering of a term with its status, source and register, for
  the "Renderings that vary" page.
"""
