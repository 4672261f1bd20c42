import { describeValidationMatrix } from "@mlskit/test-kit";
import { KEY_PACKAGE_CHECKS } from "../src/index.js";

describeValidationMatrix(KEY_PACKAGE_CHECKS, "KP");
