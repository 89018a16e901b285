// libFuzzer target: sip::parseMessage on arbitrary octets. See fuzz_checks.h for the properties
// checked (round trip through serialize, typed accessors, JSON). A violated property aborts.
#include <cstdio>
#include <cstdlib>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure = sipfuzz::checkParser(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    std::fprintf(stderr, "parser_fuzz: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
