"""Text rules every part of the kit shares, each stated once.

- `normalize`: `en_key` / `zh_key`, what makes two renderings or an answer and a
  rendering "the same" (with `find_phrase`, `slugify`);
- `chinese`: the Han range, the ``zh-CN`` language tag, Chinese runs in mixed text
  (one data file, ``i18n/chinese.json``, shared with the front end);
- `pinyin`: pinyin by the word-division rules of GB/T 16159-2012;
- `safe`: invisible characters, spreadsheet formulas, terminal escapes, web URLs;
- `decode`: how a file's bytes become text (the one decoding policy);
- `page`: the standalone HTML page every report and export writes, with its escape.
"""
