// p2p-backend: the command line (cli/run.hpp), with no test hooks.
#include "cli/run.hpp"

int main(int argc, char** argv) { return cli::run(argc, argv, nullptr); }
