import { describeValidationMatrix } from "@mlskit/test-kit";
import { WELCOME_CHECKS } from "../src/index.js";

describeValidationMatrix(WELCOME_CHECKS, "W");
