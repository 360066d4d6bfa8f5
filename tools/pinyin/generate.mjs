/**
 * Generates the pinyin tables used by the service catalogue search
 * (src/OneWindow.Shared/Search/Data/).
 *
 * The tables are generated ONCE and committed: the .NET code has no pinyin
 * dependency at run time, it only reads the embedded text files.
 *
 * How to re-run (Node 20+, from the repository root):
 *
 *     cd tools/pinyin
 *     npm install --no-package-lock   # installs pinyin-pro 3.29.4 (pinned) into node_modules/ (git-ignored)
 *     node generate.mjs               # or: npm run generate
 *
 * Then review the diff of Search/Data/ and run the catalogue search tests.
 * The script refuses to run against any other pinyin-pro version, so a bump
 * is a deliberate edit of package.json and EXPECTED_VERSION below.
 *
 * Outputs (all UTF-8, LF, sorted by UTF-16 code unit so diffs stay stable):
 *   pinyin-chars.txt         `字<TAB>reading1,reading2,...` for every BMP CJK
 *                            ideograph pinyin-pro knows; readings lowercase,
 *                            toneless, ü written as v, most common first.
 *   pinyin-phrases.txt       `词<TAB>syl syl ...` for 2-4 character phrases
 *                            containing at least one polyphonic character.
 *   PINYIN-DATA-LICENSE.md   provenance and pinyin-pro's MIT licence.
 *
 * Lines starting with '#' in the .txt files are comments.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// pinyin-pro exports "./dist/*", so its raw dictionaries can be imported directly.
// dict1 maps a single character to its readings in pinyin-pro's own frequency order;
// dict2..dict4 are its 2-, 3- and 4-character phrase dictionaries.
import DICT1 from 'pinyin-pro/dist/esm/data/dict1.mjs';
import DICT2 from 'pinyin-pro/dist/esm/data/dict2.mjs';
import DICT3 from 'pinyin-pro/dist/esm/data/dict3.mjs';
import DICT4 from 'pinyin-pro/dist/esm/data/dict4.mjs';

const EXPECTED_VERSION = '3.29.4';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const outDir = join(repoRoot, 'src', 'OneWindow.Shared', 'Search', 'Data');

/**
 * OneWindow's own additions to the phrase table (not from pinyin-pro).
 * pinyin-pro has no entry for a number of words that are everyday vocabulary
 * in a government service catalogue (局长, 还款, 税率, 涡阳, ...), and for some
 * of them its per-character fallback picks the wrong reading. Every entry is
 * checked against pinyin-pro's per-character readings below, so a typo fails
 * the run instead of producing a reading no character has.
 * These override pinyin-pro phrase entries with the same text.
 */
const SUPPLEMENT = `
局长 ju zhang
处长 chu zhang
乡长 xiang zhang
所长 suo zhang
馆长 guan zhang
署长 shu zhang
楼长 lou zhang
河长 he zhang
林长 lin zhang
路长 lu zhang
秘书长 mi shu zhang
理事长 li shi zhang
网格长 wang ge zhang
长期 chang qi
长江 chang jiang
长沙 chang sha
长春 chang chun
长丰 chang feng
长途 chang tu
长效 chang xiao
长度 chang du
延长 yan chang
专长 zhuan chang
特长 te chang
擅长 shan chang
行政 xing zheng
执行 zhi xing
运行 yun xing
进行 jin xing
发行 fa xing
出行 chu xing
通行 tong xing
通行证 tong xing zheng
行驶 xing shi
行驶证 xing shi zheng
步行 bu xing
试行 shi xing
暂行 zan xing
施行 shi xing
实行 shi xing
履行 lv xing
行使 xing shi
现行 xian xing
举行 ju xing
行动 xing dong
分行 fen hang
央行 yang hang
重大 zhong da
重要 zhong yao
重点 zhong dian
严重 yan zhong
尊重 zun zhong
体重 ti zhong
重视 zhong shi
重度 zhong du
比重 bi zhong
注重 zhu zhong
超重 chao zhong
重型 zhong xing
重病 zhong bing
重残 zhong can
重伤 zhong shang
加重 jia zhong
重置 chong zhi
重办 chong ban
重设 chong she
重报 chong bao
重发 chong fa
重签 chong qian
重考 chong kao
重填 chong tian
重开 chong kai
重组 chong zu
重名 chong ming
重做 chong zuo
重写 chong xie
重录 chong lu
重评 chong ping
还款 huan kuan
还贷 huan dai
还本 huan ben
还钱 huan qian
还建 huan jian
还迁 huan qian
借还 jie huan
还书 huan shu
调整 tiao zheng
调解 tiao jie
调剂 tiao ji
调节 tiao jie
协调 xie tiao
空调 kong tiao
调控 tiao kong
调价 tiao jia
调休 tiao xiu
调入 diao ru
调出 diao chu
调拨 diao bo
调配 diao pei
调岗 diao gang
朝阳 zhao yang
朝阳区 chao yang qu
朝阳市 chao yang shi
朝阳县 chao yang xian
朝阳门 chao yang men
单位 dan wei
单县 shan xian
差旅 chai lv
差旅费 chai lv fei
效率 xiao lv
税率 shui lv
利率 li lv
汇率 hui lv
比率 bi lv
频率 pin lv
费率 fei lv
概率 gai lv
功率 gong lv
速率 su lv
率先 shuai xian
牲畜 sheng chu
家畜 jia chu
畜禽 chu qin
畜牧业 xu mu ye
畜产品 xu chan pin
湖泊 hu po
涡阳 guo yang
歙县 she xian
大厦 da sha
藏区 zang qu
藏医 zang yi
藏药 zang yao
着装 zhuo zhuang
会计师 kuai ji shi
乐清 yue qing
乐亭 lao ting
会稽 kuai ji
落户 luo hu
合肥 he fei
合肥市 he fei shi
招行 zhao hang
交行 jiao hang
给排水 ji pai shui
`;

function main() {
  const version = readPinyinProVersion();
  if (version !== EXPECTED_VERSION) {
    throw new Error(`pinyin-pro ${version} is installed, expected ${EXPECTED_VERSION}; run npm install first.`);
  }

  const chars = buildCharTable();
  const { phrases, stats } = buildPhraseTable(chars);

  mkdirSync(outDir, { recursive: true });
  writeCharsFile(chars, version);
  writePhrasesFile(phrases, version);
  writeLicenseFile(version, chars.size, phrases.size);

  console.log(`characters: ${chars.size}`);
  console.log(`phrases:    ${phrases.size} (pinyin-pro ${stats.fromPinyinPro}, supplement ${stats.fromSupplement}, ` +
    `supplement overriding pinyin-pro ${stats.overridden})`);
  console.log(`skipped pinyin-pro phrases: ${stats.notPolyphonic} without a polyphonic character, ` +
    `${stats.malformed} not one syllable per BMP CJK character`);
  console.log(`written to ${outDir}`);
}

function readPinyinProVersion() {
  const require = createRequire(import.meta.url);
  return require('pinyin-pro/package.json').version;
}

/** Removes tone marks and writes ü as v, as typed on a keyboard. */
function toneless(reading) {
  return reading
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\u00ea|e\u0302/g, 'e')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** BMP CJK ideographs only: the .NET side works per UTF-16 char. */
function isCjkChar(ch) {
  if (ch.length !== 1) return false;
  const code = ch.charCodeAt(0);
  return code === 0x3007
    || (code >= 0x3400 && code <= 0x4dbf)
    || (code >= 0x4e00 && code <= 0x9fff)
    || (code >= 0xf900 && code <= 0xfaff);
}

/** Map<char, string[]>: toneless readings, duplicates removed, pinyin-pro's order kept. */
function buildCharTable() {
  const table = new Map();
  DICT1.NumberDICT.forEach((readings, code) => {
    if (!readings) return;
    const ch = String.fromCharCode(code);
    if (!isCjkChar(ch)) return;
    const distinct = [...new Set(readings.split(' ').filter(Boolean).map(toneless))];
    if (distinct.some((r) => !/^[a-z]+$/.test(r))) {
      throw new Error(`unexpected reading for ${ch}: ${readings}`);
    }
    table.set(ch, distinct);
  });
  return table;
}

function buildPhraseTable(chars) {
  const stats = { fromPinyinPro: 0, fromSupplement: 0, overridden: 0, notPolyphonic: 0, malformed: 0 };
  const phrases = new Map();
  const isPolyphonic = (ch) => (chars.get(ch)?.length ?? 0) > 1;

  for (const dict of [DICT2, DICT3, DICT4]) {
    for (const [word, reading] of Object.entries(dict)) {
      const syllables = reading.split(' ').filter(Boolean).map(toneless);
      if (!isWellFormed(word, syllables, chars)) {
        stats.malformed++;
        continue;
      }
      if (![...word].some(isPolyphonic)) {
        stats.notPolyphonic++;
        continue;
      }
      phrases.set(word, syllables);
      stats.fromPinyinPro++;
    }
  }

  for (const line of SUPPLEMENT.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [word, ...syllables] = line.split(/\s+/);
    assertSupplementEntry(word, syllables, chars, isPolyphonic);
    if (phrases.has(word)) {
      stats.overridden++;
      stats.fromPinyinPro--;
    }
    phrases.set(word, syllables);
    stats.fromSupplement++;
  }
  return { phrases, stats };
}

function isWellFormed(word, syllables, chars) {
  const letters = [...word];
  return letters.length >= 2
    && letters.length <= 4
    && letters.length === syllables.length
    && letters.every((ch) => isCjkChar(ch) && chars.has(ch))
    && syllables.every((s) => /^[a-z]+$/.test(s));
}

function assertSupplementEntry(word, syllables, chars, isPolyphonic) {
  if (!isWellFormed(word, syllables, chars)) {
    throw new Error(`supplement entry "${word} ${syllables.join(' ')}" is malformed`);
  }
  if (![...word].some(isPolyphonic)) {
    throw new Error(`supplement entry "${word}" has no polyphonic character`);
  }
  [...word].forEach((ch, i) => {
    if (!chars.get(ch).includes(syllables[i])) {
      throw new Error(`supplement entry "${word}": ${ch} has no reading "${syllables[i]}" (${chars.get(ch).join(',')})`);
    }
  });
}

/** Ordinal UTF-16 order, the same as .NET's StringComparer.Ordinal. */
function byCodeUnit(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function header(version, description) {
  return [
    `# ${description}`,
    `# Generated by tools/pinyin/generate.mjs from pinyin-pro ${version} (MIT); see PINYIN-DATA-LICENSE.md. Do not edit by hand.`,
  ];
}

function writeCharsFile(chars, version) {
  const lines = header(version, 'char<TAB>readings (toneless, ü as v, most common first)');
  for (const ch of [...chars.keys()].sort(byCodeUnit)) {
    lines.push(`${ch}\t${chars.get(ch).join(',')}`);
  }
  writeFileSync(join(outDir, 'pinyin-chars.txt'), lines.join('\n') + '\n', 'utf8');
}

function writePhrasesFile(phrases, version) {
  const lines = header(version, 'phrase<TAB>syllables (one per character) for phrases with a polyphonic character');
  for (const word of [...phrases.keys()].sort(byCodeUnit)) {
    lines.push(`${word}\t${phrases.get(word).join(' ')}`);
  }
  writeFileSync(join(outDir, 'pinyin-phrases.txt'), lines.join('\n') + '\n', 'utf8');
}

function writeLicenseFile(version, charCount, phraseCount) {
  const require = createRequire(import.meta.url);
  const licensePath = join(dirname(require.resolve('pinyin-pro/package.json')), 'LICENSE');
  const licenseText = readFileSync(licensePath, 'utf8').trim();
  const copyright = licenseText.split('\n').find((line) => line.startsWith('Copyright'));
  if (!copyright) throw new Error(`no copyright line in ${licensePath}`);
  const date = new Date().toISOString().slice(0, 10);
  const text = `# Pinyin data: source and licence

\`pinyin-chars.txt\` and \`pinyin-phrases.txt\` in this folder are derived from
**pinyin-pro ${version}** (npm package \`pinyin-pro\`, https://github.com/zh-lx/pinyin-pro),
licensed under the MIT licence, ${copyright}. The full licence text is reproduced below.

## How the files were generated

- Generated on ${date} by \`tools/pinyin/generate.mjs\` (Node 20, \`pinyin-pro\` pinned to ${version}
  in \`tools/pinyin/package.json\`); re-run instructions are at the top of that script.
- \`pinyin-chars.txt\` (${charCount} characters): pinyin-pro's single-character dictionary
  (\`dist/esm/data/dict1.mjs\`), restricted to BMP CJK ideographs; tone marks removed, ü written as v,
  duplicate readings merged, pinyin-pro's reading order kept (most common first).
- \`pinyin-phrases.txt\` (${phraseCount} phrases): pinyin-pro's 2-, 3- and 4-character phrase dictionaries
  (\`dist/esm/data/dict2.mjs\`..\`dict4.mjs\`), keeping phrases with at least one character that has more than
  one toneless reading, converted the same way; plus a small list of government-service phrases maintained in
  \`generate.mjs\` (\`SUPPLEMENT\`, OneWindow's own work) that pinyin-pro lacks or reads differently.
- No pinyin-pro code is shipped; only the data above is used at run time.

## pinyin-pro licence

\`\`\`text
${licenseText}
\`\`\`
`;
  writeFileSync(join(outDir, 'PINYIN-DATA-LICENSE.md'), text, 'utf8');
}

main();
