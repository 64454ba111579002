#!/usr/bin/env python3
"""Turns the C++ code blocks of README.md's "## C++" section into one
translation unit, so the README's C++ cannot rot: ctest compiles it and runs
every block on real data (tests/readme/readme_harness.hpp).

    extract_cpp_blocks.py README.md OUT.cpp

Each ```cpp block becomes a function whose body is the block in its own scope;
its `#include` lines move to the top of the file. A block may use `log` (a
message_log), `g` (the graph built from it), `team` (a group code per person)
and `k` (the number of groups), as the README says; it may also declare its
own (an inner scope may shadow them). `#line` directives make compiler errors
point at README.md's lines."""
import re
import sys
from pathlib import Path

MIN_BLOCKS = 5  # the section's blocks: reading and building, people, groups, silos, BGL, errors


def blocks(readme: str):
    lines = readme.splitlines()
    try:
        start = lines.index("## C++")
    except ValueError:
        sys.exit("extract_cpp_blocks: README.md has no '## C++' section")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    i = start + 1
    while i < end:
        if lines[i].strip() == "```cpp":
            j = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            yield i + 2, lines[i + 1:j]  # 1-based number of the block's first line
            i = j
        i += 1


def main(readme_path: str, out_path: str) -> None:
    readme = Path(readme_path).resolve()
    found = list(blocks(readme.read_text(encoding="utf-8")))
    if len(found) < MIN_BLOCKS:
        sys.exit(f"extract_cpp_blocks: {len(found)} ```cpp blocks in README.md's C++ section, "
                 f"expected at least {MIN_BLOCKS}")
    includes, bodies = [], []
    for n, (first, code) in enumerate(found):
        body = []
        for k, line in enumerate(code):
            if re.match(r"\s*#\s*include\b", line):
                includes.append(line.strip())
                body.append("")  # keeps the line numbers
            else:
                body.append(line)
        bodies.append(
            f"static void readme_block_{n}(const onakit::message_log& log, const onakit::graph& g,\n"
            f"                             const std::vector<std::uint32_t>& team, std::uint32_t k) {{\n"
            f"  (void)log; (void)g; (void)team; (void)k;\n"
            f"  {{\n#line {first} \"{readme}\"\n" + "\n".join(body) + "\n  }\n}\n")
    out = ["// Generated from README.md by tests/readme/extract_cpp_blocks.py: do not edit.",
           *dict.fromkeys(includes), '#include "readme_harness.hpp"', "", *bodies,
           "int main() {",
           "  return onakit_readme::run({" + ", ".join(
               f"{{{first}, readme_block_{n}}}" for n, (first, _) in enumerate(found)) + "});",
           "}", ""]
    Path(out_path).write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
