// libFuzzer target: sip::parseRuleToJson (sip.js's Grammar.parse). The first byte picks the start
// rule (sipfuzz::kRules), the rest is the input; the output must be "-1" or JSON (fuzz_checks.h).
#include <cstdio>
#include <cstdlib>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = sipfuzz::checkGrammar(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    std::fprintf(stderr, "grammar_fuzz: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
