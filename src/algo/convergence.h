// How an iterative kernel (PageRank) stopped.
#pragma once

namespace cityties::algo {

struct Convergence {
  int iterations = 0;      // rounds run
  bool converged = false;  // stopped because a round changed less than the tolerance
};

}  // namespace cityties::algo
